using System.CommandLine;
using System.Globalization;
using System.Net;
using ControlPlane.Policy;

namespace ControlPlane.Cli;

/// <summary>Typed options shared by the verbs, each with the validation that turns a typo into exit code 2.</summary>
internal static class CliOptions
{
    public static Option<string> Format(string fallback, params string[] choices)
    {
        var option = new Option<string>("--format") { Description = $"Output format: {string.Join(", ", choices)}.", DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    public static Option<int> Port(string name, int fallback, string description) => new(name)
    {
        Description = $"{description} (default {fallback}; 0 picks a free port).",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
            {
                return port;
            }

            result.AddError($"{name} must be a port number 0-65535 (got '{text}')");
            return 0;
        },
    };

    public static Option<string> Text(string name, string description, bool required = false)
    {
        var option = new Option<string>(name) { Description = description, Required = required };
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError($"{name} must not be empty");
            }
        });
        return option;
    }

    /// <summary>A <c>metadata.name</c>, with the loader's rule.</summary>
    public static Option<string> GatewayName(string description, bool required)
    {
        var option = Text("--gateway", description, required);
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { Length: > 0 } name && !string.IsNullOrWhiteSpace(name) && !PolicyNames.IsValid(name))
            {
                result.AddError($"--gateway '{name}' is not a gateway name (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)");
            }
        });
        return option;
    }

    public static Option<IPAddress> IpAddress(string name, string fallback, string description) => new(name)
    {
        Description = $"{description} (default {fallback}).",
        DefaultValueFactory = _ => IPAddress.Parse(fallback),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (System.Net.IPAddress.TryParse(text, out var address))
            {
                return address;
            }

            result.AddError($"{name} must be an IP address such as 0.0.0.0, 127.0.0.1 or :: (got '{text}')");
            return null;
        },
    };

    /// <summary>A switch: present or absent, never <c>--flag=false</c> (which would read as the switch turned on elsewhere).</summary>
    public static Option<bool> Switch(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>Refuses a flag given twice: with two values, which one was meant is a guess.</summary>
    public static void RefuseRepeats(Command command)
    {
        command.Validators.Add(result =>
        {
            foreach (var option in command.Options)
            {
                if (result.GetResult(option) is { IdentifierTokenCount: > 1 })
                {
                    result.AddError($"{option.Name} is given more than once");
                }
            }
        });
    }

}
