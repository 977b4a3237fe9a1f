// Prints RE2's ProgramSize() for each pattern read from stdin (one per line), or -1 when RE2 refuses it.
// Built by Re2ProgramSizeTests against Debian's libre2 runtime (package libre2-9), which ships no headers: the
// declaration below names the three members we call, with room to spare for the real object's fields.
#include <cstdio>
#include <iostream>
#include <string>

namespace re2 {
class RE2 {
 public:
  RE2(const char* pattern);
  ~RE2();
  int ProgramSize() const;

 private:
  alignas(64) char storage_[8192];
};
}  // namespace re2

int main() {
  std::string line;
  while (std::getline(std::cin, line)) {
    re2::RE2 re(line.c_str());
    std::printf("%d\n", re.ProgramSize());
  }
  return 0;
}
