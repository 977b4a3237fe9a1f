using Grpc.Core;
using Grpc.Core.Interceptors;

namespace ControlPlane.Hosting.Limits;

/// <summary>
/// Takes one token of the connection's request bucket per message a streaming call receives (a discovery request, an
/// ext_proc message), so a client flooding one long-lived stream is bounded as much as one opening many. Over the
/// rate, that call ends with RESOURCE_EXHAUSTED; the connection's other calls keep their own messages' share. It also
/// counts the messages over the services' size limit (ControlPlane:Xds:MaxRequestBytes, the ext_proc body limit),
/// which grpc-dotnet refuses inside the read; each service still answers them its own way.
/// </summary>
internal sealed class RequestRateInterceptor(LimitMetrics metrics) : Interceptor
{
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (ConnectionBudget.Of(context.GetHttpContext()) is not { } budget)
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return;
        }

        var limited = new RateLimitedReader<TRequest>(requestStream, budget);
        try
        {
            await continuation(limited, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception) when (limited.Oversized)
        {
            metrics.Refused(budget.Listener, LimitKind.RequestSize);
            throw;
        }
        catch (Exception) when (limited.Refused)
        {
            // The services map the RESOURCE_EXHAUSTED that grpc-dotnet raises for an oversized message to their own
            // error, so the reader throws a type of its own and the refusal's status is set here, past the service.
            metrics.Refused(budget.Listener, LimitKind.RequestsPerSecond);
            throw new RpcException(new Status(StatusCode.ResourceExhausted, StreamLimits.RateMessage(budget.Listener)));
        }
    }

    private sealed class RateLimitedReader<T>(IAsyncStreamReader<T> inner, ConnectionBudget budget) : IAsyncStreamReader<T>
    {
        public bool Refused { get; private set; }

        public bool Oversized { get; private set; }

        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                if (!await inner.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    return false;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                // grpc-dotnet's answer to a message over MaxReceiveMessageSize.
                Oversized = true;
                throw;
            }

            if (budget.TryTakeRequest())
            {
                return true;
            }

            Refused = true;
            throw new RequestRateExceededException();
        }
    }

    private sealed class RequestRateExceededException : Exception;
}
