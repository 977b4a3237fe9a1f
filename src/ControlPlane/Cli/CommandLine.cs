namespace ControlPlane.Cli;

/// <summary>
/// A deliberately small parser: <c>verb [positional...] [--flag value | --switch]</c>. Unknown flags are errors, so a
/// typo never silently falls back to a default.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _flags;

    private CommandLine(string verb, List<string> positional, Dictionary<string, string?> flags)
    {
        Verb = verb;
        Positional = positional;
        _flags = flags;
    }

    public string Verb { get; }

    public IReadOnlyList<string> Positional { get; }

    /// <param name="switches">Flags that take no value.</param>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> switches)
    {
        var verb = args.Count > 0 ? args[0] : "help";
        var positional = new List<string>();
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(arg);
                continue;
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!switches.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new CommandLineException($"--{name} needs a value");
                }

                value = args[++i];
            }

            flags[name] = value;
        }

        return new CommandLine(verb, positional, flags);
    }

    public void AllowOnly(params string[] allowed)
    {
        var unknown = _flags.Keys.Where(k => !allowed.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CommandLineException($"unknown flag{(unknown.Count > 1 ? "s" : "")} for '{Verb}': {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }

    public bool Has(string flag) => _flags.ContainsKey(flag);

    public string? Get(string flag) => _flags.GetValueOrDefault(flag);

    public string GetOrDefault(string flag, string fallback) => _flags.GetValueOrDefault(flag) ?? fallback;

    public string GetChoice(string flag, string fallback, params string[] choices)
    {
        var value = GetOrDefault(flag, fallback);
        return choices.Contains(value)
            ? value
            : throw new CommandLineException($"--{flag} must be one of {string.Join(", ", choices)} (got '{value}')");
    }

    public int GetPort(string flag, int fallback)
    {
        var text = Get(flag);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new CommandLineException($"--{flag} must be a port number 0-65535 (got '{text}')");
    }
}

internal sealed class CommandLineException(string message) : Exception(message);
