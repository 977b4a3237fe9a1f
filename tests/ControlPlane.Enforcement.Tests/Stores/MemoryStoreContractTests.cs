using ControlPlane.Enforcement.Stores;
using ControlPlane.Enforcement.Stores.Memory;
using ControlPlane.Enforcement.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ControlPlane.Enforcement.Tests.Stores;

public sealed class MemoryStoreContractTests : StoreContractTests
{
    private readonly ManualTimeProvider _clock = new();

    private protected override TimeSpan ShortLife => TimeSpan.FromSeconds(90);

    private protected override Task<IIdempotencyStore> CreateStoreAsync() =>
        Task.FromResult<IIdempotencyStore>(new MemoryIdempotencyStore(Options.Create(new EnforcementOptions()), _clock));

    private protected override Task LetExpireAsync(string key)
    {
        _clock.Advance(ShortLife);
        return Task.CompletedTask;
    }
}
