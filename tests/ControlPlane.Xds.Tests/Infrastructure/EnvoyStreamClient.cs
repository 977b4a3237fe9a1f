using Envoy.Config.Core.V3;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ControlPlane.Xds.Tests.Infrastructure;

/// <summary>The stream half of a client: opens the call, reads every response into the log, writes requests.</summary>
internal abstract class EnvoyStreamClient<TRequest, TResponse> : EnvoyClient
    where TRequest : class, IMessage
{
    protected EnvoyStreamClient(GrpcChannel channel, Func<GrpcChannel, AsyncDuplexStreamingCall<TRequest, TResponse>> open, string nodeId, string group)
        : base(nodeId, group)
    {
        Open = open;
        Call = open(channel);
        Completion = Task.Run(ReadAllAsync);
    }

    protected Func<GrpcChannel, AsyncDuplexStreamingCall<TRequest, TResponse>> Open { get; }

    private AsyncDuplexStreamingCall<TRequest, TResponse> Call { get; }

    public override Task SendRawAsync(IMessage request) => Call.RequestStream.WriteAsync((TRequest)request);

    public override async ValueTask DisposeAsync()
    {
        Call.Dispose();
        await Completion.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Records the response in the shared form.</summary>
    protected abstract ReceivedResponse Receive(TResponse response);

    protected abstract void SetNode(TRequest request, Node node);

    protected Task WriteAsync(TRequest request) => WriteAsync(Call.RequestStream, request, SetNode);

    private async Task ReadAllAsync()
    {
        await foreach (var response in Call.ResponseStream.ReadAllAsync())
        {
            await HandleAsync(Receive(response));
        }
    }
}
