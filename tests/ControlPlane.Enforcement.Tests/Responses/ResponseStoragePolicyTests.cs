using ControlPlane.Enforcement.Responses;
using ControlPlane.Enforcement.Tests.Infrastructure;

namespace ControlPlane.Enforcement.Tests.Responses;

public sealed class ResponseStoragePolicyTests
{
    [Theory]
    [InlineData(200, "application/json", "via_upstream", StorageVerdict.Store)]
    [InlineData(201, null, null, StorageVerdict.Store)]
    [InlineData(409, "application/json", "via_upstream", StorageVerdict.Store)]
    [InlineData(301, "text/html", "via_upstream", StorageVerdict.StatusClassNotStored)]
    [InlineData(500, "application/json", "via_upstream", StorageVerdict.StatusClassNotStored)]
    [InlineData(504, "text/plain", "upstream_response_timeout", StorageVerdict.LocalReply)]
    [InlineData(200, "text/plain", "direct_response", StorageVerdict.LocalReply)]
    [InlineData(200, "application/grpc+proto", "via_upstream", StorageVerdict.Grpc)]
    internal void Stores_upstream_answers_of_the_rules_status_classes_only(int status, string? contentType, string? details, StorageVerdict expected) =>
        Assert.Equal(expected, ResponseStoragePolicy.Decide(TestRules.Create().Compile(), status, contentType, details));
}
