using Microsoft.Extensions.Options;

namespace ControlPlane.Pipeline;

internal sealed class PolicyWatchOptionsValidator : IValidateOptions<PolicyWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyWatchOptions options)
    {
        var failures = new List<string>();
        if (options.Debounce <= TimeSpan.Zero)
        {
            failures.Add($"ControlPlane:Watch:Debounce must be positive (got {options.Debounce})");
        }

        if (options.MaxDelay < options.Debounce)
        {
            failures.Add($"ControlPlane:Watch:MaxDelay ({options.MaxDelay}) must be at least the debounce ({options.Debounce})");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"ControlPlane:Watch:PollInterval must be at least 100ms (got {options.PollInterval})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
