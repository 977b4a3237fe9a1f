namespace ControlPlane.Policy.Tests.Loading;

public sealed class DiagnosticFormatTests
{
    [Theory]
    [InlineData("gateways/public.yaml", 7, 5, "spec.routes[0].match", "set exactly one of: path, prefix, regex", "gateways/public.yaml:7:5: spec.routes[0].match: set exactly one of: path, prefix, regex")]
    [InlineData("a.yaml", 3, 1, "", "invalid YAML: boom", "a.yaml:3:1: invalid YAML: boom")]
    [InlineData("b.yaml", 0, 0, "", "cannot read file: denied", "b.yaml: cannot read file: denied")]
    [InlineData("c.yaml", 0, 0, "spec", "odd", "c.yaml: spec: odd")]
    public void Text_form_is_file_line_column_path_message(string file, int line, int column, string path, string message, string expected)
    {
        Assert.Equal(expected, new PolicyDiagnostic(file, line, column, path, message).ToString());
    }

    [Fact]
    public void Json_form_lists_files_and_errors()
    {
        var result = PolicyLoader.Load([new PolicySourceFile("g.yaml", PolicyText.Gateway("public").Replace("port: 8080", "port: \"8080\"", StringComparison.Ordinal))]);

        Assert.Equal(
            """
            {
              "valid": false,
              "files": [
                "g.yaml"
              ],
              "errors": [
                {
                  "file": "g.yaml",
                  "line": 8,
                  "column": 13,
                  "path": "spec.listeners[0].port",
                  "message": "expected an integer, got a string (remove the quotes)"
                }
              ]
            }

            """,
            DiagnosticsJson.Serialize(result));
    }

    [Fact]
    public void Json_form_of_a_valid_load_has_no_errors()
    {
        var result = PolicyLoader.Load([new PolicySourceFile("g.yaml", PolicyText.Gateway("public"))]);

        Assert.Equal("{\n  \"valid\": true,\n  \"files\": [\n    \"g.yaml\"\n  ],\n  \"errors\": []\n}\n", DiagnosticsJson.Serialize(result));
    }
}
