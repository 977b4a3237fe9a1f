using System.Text;
using ControlPlane.Policy.Tests.Loading;

namespace ControlPlane.Policy.Tests.Fuzz;

/// <summary>Generated inputs that have broken parsers elsewhere, each an invalid policy file.</summary>
internal static class HostileInputs
{
    public static TheoryData<string> Names => [.. All().Keys];

    public static string Text(string name) => All()[name]();

    private static Dictionary<string, Func<string>> All() => new(StringComparer.Ordinal)
    {
        // The issue's reproduction: an unclosed flow list followed by another line (YamlDotNet threw InvalidOperationException).
        ["unclosed-flow-list"] = () => "apiVersion: idempotency.gateway/v1alpha1\nkind: Gateway\nspec:\n  routes: [a, b\n  upstream: x\n",
        ["unclosed-flow-list-at-end"] = () => "spec:\n  routes: [a, b",
        ["unclosed-flow-mapping"] = () => "spec: {a: 1, b: [2\nnext: 3\n",
        ["unclosed-quote"] = () => "metadata:\n  name: \"public\nspec: {}\n",
        ["tabs"] = () => "kind: Gateway\nspec:\n\tlisteners:\n\t\t- port: 80\n",
        ["tab-after-key"] = () => "kind:\tGateway\nmetadata:\n  name:\t\tx\n\t",
        ["duplicate-keys"] = () => "kind: Gateway\nkind: Gateway\nmetadata:\n  name: a\n  name: b\nspec:\n  listeners: []\n  listeners: []\n",
        ["deep-flow-sequences"] = () => new string('[', 10_000) + new string(']', 10_000),
        ["deep-flow-mappings"] = () => string.Concat(Enumerable.Repeat("{a: ", 10_000)) + "1" + new string('}', 10_000),
        ["deep-block-sequences"] = () => string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n",
        ["deep-block-mappings"] = () => string.Concat(Enumerable.Range(0, 2_000).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 2_000) + "b\n",
        ["deep-unclosed"] = () => new string('[', 10_000),
        ["billion-laughs"] = BillionLaughs,
        ["alias-to-self-in-progress"] = () => "a: &a [*a]\n",
        ["unknown-alias"] = () => "a: *nowhere\n",
        ["huge-port"] = () => Gateway("99999999999999999999"),
        ["huge-negative-port"] = () => Gateway("-99999999999999999999999999999999"),
        ["huge-hex-port"] = () => Gateway("0xFFFFFFFFFFFFFFFFFFFFFFFF"),
        ["huge-octal-port"] = () => Gateway("0o77777777777777777777777777"),
        ["huge-float-port"] = () => Gateway("1e999999"),
        ["huge-duration"] = () => Policy("ttl: 9999999999999999999999999999h"),
        ["huge-duration-digits"] = () => Policy("ttl: " + new string('9', 100_000) + "h"),
        ["huge-duration-sum"] = () => Policy("ttl: " + string.Concat(Enumerable.Repeat("8000h", 10_000))),
        ["huge-size"] = () => Policy("maxBodyBytes: 99999999999999999999999Gi"),
        ["huge-max-length"] = () => Policy("key:\n    maxLength: 99999999999999999999"),
        ["long-unknown-field"] = () => Policy(new string('x', 1_000_000) + ": 1"),
        ["long-name"] = () => Policy("ttl: 1s").Replace("name: orders\n", "name: " + new string('Z', 1_000_000) + "\n", StringComparison.Ordinal),
        ["many-bad-items"] = () => Policy("methods: [" + string.Join(",", Enumerable.Repeat("GET", 150_000)) + "]"),
        ["more-nodes-than-the-limit"] = () => Policy("methods: [" + string.Join(",", Enumerable.Repeat("x", PolicyLimits.MaxNodesPerFile + 1)) + "]"),
        ["many-distinct-items"] = () => Policy("scope:\n    headers: [" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"h{i}")) + "]\n  bogus: 1"),
        ["many-duplicate-items"] = () => Policy("methods: [" + string.Join(",", Enumerable.Repeat("POST", 100_000)) + "]"),
        ["nested-regex-groups"] = () => Regex(new string('(', 5_000) + "a" + new string(')', 5_000)),
        ["nested-key-pattern-groups"] = () => Policy("key:\n    allowedCharacters: '" + new string('(', 100_000) + "'"),
        ["regex-too-large-for-envoy"] = () => Regex("(a*)*$|(a|aa)+b|(.*a){20}"),
        ["regex-repeat-explosion"] = () => Regex("((a{1000}){1000}){1000}"),
        ["key-pattern-repeat-explosion"] = () => Policy("key:\n    allowedCharacters: '((a{1000}){1000}){1000}'"),
        ["regex-huge-repeat"] = () => Regex("a{100000000}"),
        ["regex-backreference"] = () => Regex("(a)\\1"),
        ["regex-long"] = () => Regex(new string('a', 100_000) + "("),
        ["control-characters"] = () => "kind: Gateway\u0000\u0001\u0007\nspec: \u001b[31m\n",
        ["lone-surrogate"] = () => "kind: Gate\ud800way\n",
        ["byte-order-marks-inside"] = () => "kind: Gateway\n\ufeff---\n\ufeffkind: x\n",
        ["only-document-markers"] = () => "---\n...\n---\n...\n%YAML 1.2\n",
        ["bad-directive"] = () => "%YAML 9.9\n%TAG ! !x\n--- !<tag:x> [\n",
        ["tags"] = () => "kind: !!binary R2F0ZXdheQ==\nspec: !custom {a: !!int x}\n",
        ["complex-keys"] = () => "? [a, b]\n: c\n? {x: 1}\n: d\n",
        ["truncated-example"] = () => Gateway("8080")[..57],
    };

    /// <summary>Ten aliases to ten aliases, nine levels deep: 10^9 nodes if expanded.</summary>
    private static string BillionLaughs()
    {
        var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 10))}]\n");
        }

        return text.Append("kind: Gateway\nmetadata:\n  name: x\nspec:\n  listeners: *a9\n").ToString();
    }

    private static string Gateway(string port) => PolicyText.Gateway("public").Replace("port: 8080", $"port: {port}", StringComparison.Ordinal);

    private static string Policy(string field) => PolicyText.Policy("orders", "public") + $"  {field}\n";

    private static string Regex(string pattern) =>
        PolicyText.Gateway("public").Replace("prefix: /orders", $"regex: '{pattern.Replace("'", "''", StringComparison.Ordinal)}'", StringComparison.Ordinal);
}
