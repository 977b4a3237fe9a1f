using Xunit.Abstractions;
using Xunit.Sdk;

namespace ControlPlane.Enforcement.Tests.Infrastructure;

/// <summary>Marks a test class whose tests need a real <c>redis-server</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresRedisAttribute : Attribute;

/// <summary>
/// A fact that runs against whichever store its concrete test class uses. On a class marked
/// <see cref="RequiresRedisAttribute"/> it is skipped, with the reason, when <c>redis-server</c> is missing, except in CI
/// (<c>CI=true</c>), where it runs and fails with the reason instead: CI must never pass by skipping.
/// </summary>
[XunitTestCaseDiscoverer("ControlPlane.Enforcement.Tests.Infrastructure.StoreFactDiscoverer", "ControlPlane.Enforcement.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason for tests needing Redis, or null when they must run.</summary>
    public static string? RedisSkipReason => RedisServer.Unavailable is { } reason && !InCi ? reason + "; skipped outside CI" : null;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsRedis = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresRedisAttribute)).Any();
        var skip = needsRedis ? RedisSkipReason : null;
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        yield return skip is null
            ? new XunitTestCase(diagnosticMessageSink, display, displayOptions, testMethod)
            : new SkippedTestCase(diagnosticMessageSink, display, displayOptions, testMethod, skip);
    }
}

/// <summary>A test case skipped for a reason known only at discovery.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer", error: true)]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        _reason = reason;
        SkipReason = reason;
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        // The base initializes (and asks GetSkipReason) while deserializing: the reason must be known first.
        _reason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
        SkipReason = _reason;
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;
}
