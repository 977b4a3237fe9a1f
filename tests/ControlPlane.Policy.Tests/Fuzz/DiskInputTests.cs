using System.Diagnostics;
using System.Text;
using ControlPlane.Policy.Tests.Loading;
using ControlPlane.Policy.Tests.Support;

namespace ControlPlane.Policy.Tests.Fuzz;

/// <summary>What only a file on disk can be: not UTF-8, too large to read, not a regular file.</summary>
public sealed class DiskInputTests
{
    [Fact]
    public void Invalid_utf8_is_an_error_at_the_first_bad_byte()
    {
        using var directory = new TempDirectory();
        var text = PolicyText.Gateway("public");
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var lineStart = text.IndexOf("  name: public", StringComparison.Ordinal);
        bytes.Insert(lineStart + 8, 0xC3); // "é" without its second byte, before "public"
        File.WriteAllBytes(Path.Combine(directory.Path, "gateway.yaml"), [.. bytes]);

        var result = BoundedLoad.Directory(directory.Path);

        var error = Assert.Single(result.Errors);
        Assert.Equal("gateway.yaml", error.File);
        Assert.Equal((4, 9), (error.Line, error.Column));
        Assert.StartsWith("invalid UTF-8: byte 0xC3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'k', 0, (byte)'i', 0 }, 1, 1)] // UTF-16 with its byte order mark
    [InlineData(new byte[] { (byte)'a', (byte)':', (byte)' ', 0xED, 0xA0, 0x80 }, 1, 4)] // an encoded surrogate
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'b', 0xC0, 0x80 }, 2, 2)] // an overlong NUL
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', 0xE2, 0x82 }, 1, 2)] // truncated at the end, after a BOM
    public void Bytes_that_are_not_utf8_are_located(byte[] bytes, int line, int column)
    {
        using var directory = new TempDirectory();
        File.WriteAllBytes(Path.Combine(directory.Path, "bad.yaml"), bytes);

        var error = Assert.Single(BoundedLoad.Directory(directory.Path).Errors);

        Assert.Equal(("bad.yaml", line, column), (error.File, error.Line, error.Column));
        Assert.StartsWith("invalid UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_binary_files_give_located_errors()
    {
        using var directory = new TempDirectory();
        var random = new Random(7);
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 5000)];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(directory.Path, $"binary-{i}.yaml"), bytes);
        }

        var result = BoundedLoad.Directory(directory.Path);

        Assert.Equal(20, result.Errors.Select(e => e.File).Distinct().Count());
        Assert.All(result.Errors, e => Assert.True(e.Line >= 1 && e.Column >= 1, e.ToString()));
    }

    [Fact]
    public void A_50_MiB_file_is_refused_without_reading_it_into_memory()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "huge.yaml");
        using (var stream = File.Create(path))
        {
            var line = Encoding.UTF8.GetBytes("- " + new string('x', 1021) + "\n");
            for (var written = 0L; written < 50L * 1024 * 1024; written += line.Length)
            {
                stream.Write(line);
            }
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var result = BoundedLoad.Directory(directory.Path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var error = Assert.Single(result.Errors);
        Assert.Equal("huge.yaml:1:1: file is larger than the 4 MiB (4194304 bytes) limit for policy files", error.ToString());
        Assert.True(allocated < PolicyLimits.MaxFileBytes, $"allocated {allocated} bytes to refuse the file");
    }

    [Fact]
    public void A_file_just_under_the_limit_is_read()
    {
        using var directory = new TempDirectory();
        var text = PolicyText.Gateway("public");
        File.WriteAllText(Path.Combine(directory.Path, "big.yaml"), text + "#" + new string('x', PolicyLimits.MaxFileBytes - text.Length - 2) + "\n");

        var result = BoundedLoad.Directory(directory.Path);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void In_memory_text_above_the_limit_is_refused()
    {
        var result = BoundedLoad.Files(new PolicySourceFile("huge.yaml", new string(' ', PolicyLimits.MaxFileBytes + 1)));

        Assert.Equal("huge.yaml:1:1: file is larger than the 4 MiB (4194304 bytes) limit for policy files", Assert.Single(result.Errors).ToString());
    }

    [UnixFact]
    public void A_fifo_is_skipped_with_a_warning_and_never_opened()
    {
        using var directory = new TempDirectory();
        directory.Write("gateway.yaml", PolicyText.Gateway("public"));
        var fifo = Path.Combine(directory.Path, "pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening the FIFO would block until a writer comes: the old loader never returned.
        var load = Task.Run(() => PolicyLoader.LoadDirectory(directory.Path));
        Assert.True(load.Wait(TimeSpan.FromSeconds(30)), "the loader blocked on the FIFO");

        var result = load.Result;
        Assert.Empty(result.Errors);
        Assert.NotNull(result.Fleet);
        Assert.Equal("pipe.yaml: not a regular file (FIFO, socket or device); skipped without opening it", Assert.Single(result.Warnings).ToString());
        Assert.Equal<string>(["gateway.yaml"], result.Files);
    }

    [UnixFact]
    public void A_link_to_a_device_is_skipped_with_a_warning()
    {
        using var directory = new TempDirectory();
        File.CreateSymbolicLink(Path.Combine(directory.Path, "zero.yaml"), "/dev/zero");

        var result = BoundedLoad.Directory(directory.Path);

        Assert.Empty(result.Errors);
        Assert.Equal("zero.yaml", Assert.Single(result.Warnings).File);
    }
}
