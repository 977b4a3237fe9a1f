namespace ControlPlane.Enforcement.Tests.Service;

public sealed class MemoryStoreBehaviourTests : EnforcementBehaviourTests
{
    private protected override Task<Action<EnforcementOptions>> StoreOptionsAsync() =>
        Task.FromResult<Action<EnforcementOptions>>(options => options.Store = EnforcementStoreKind.Memory);
}
