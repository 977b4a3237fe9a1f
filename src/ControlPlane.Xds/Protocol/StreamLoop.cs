using System.Diagnostics;
using ControlPlane.Xds.Cache;
using ControlPlane.Xds.Status;
using Google.Protobuf;
using Grpc.Core;

namespace ControlPlane.Xds.Protocol;

/// <summary>
/// One xDS stream: a single loop that reacts to the next request or to a new snapshot of the node's group, whichever
/// comes first, so all stream state is touched by one logical thread and no lock is needed. It sleeps on one
/// <see cref="StreamWakeup"/> for its life: nothing is allocated or registered per ACK beyond the read itself.
/// </summary>
internal abstract class StreamLoop<TRequest, TTypeState>(XdsServerContext server, string? serviceType)
    where TRequest : class
    where TTypeState : TypeState
{
    // A NACK's error text is the client's: kept for status and rejection memory only this long.
    private const int MaxErrorLength = 1024;

    private readonly long _streamId = server.Ids.Next();
    private long _nonce;
    private string _peer = "";
    private ServerCallContext? _context;
    private string? _group;
    private GroupSnapshot? _watched;
    private long _identifiedAt;

    // Begun when the node is known, ended after the stream's last line: see StreamLogScope.
    private IDisposable? _logScope;

    // Whether something a push depends on changed since the last comparison: the snapshot, a subscription, a claim, a
    // NACK. A plain ACK changes none of it, so the thousands of ACKs after an update compare no resources.
    private bool _changed;

    // The last comparison held back removals until its additions are acknowledged.
    private bool _removalsHeld;

    protected XdsServerContext Server { get; } = server;

    /// <summary>By position in <see cref="ResourceTypes.AdditionOrder"/>; null until the node asks for the type.</summary>
    protected TTypeState?[] Types { get; } = new TTypeState?[ResourceTypes.AdditionOrder.Length];

    /// <summary>Set for the per-type services (LDS, RDS, CDS, EDS); null on ADS.</summary>
    protected string? ServiceType { get; } = serviceType;

    /// <summary>This stream's status and the versions it must not be sent; null until the first request names the node.</summary>
    protected StreamEntry? Status { get; private set; }

    protected XdsSnapshot? Snapshot => _watched?.Snapshot;

    /// <summary><c>sotw</c> or <c>delta</c>.</summary>
    protected abstract string Variant { get; }

    private string Service => ServiceType is null ? "ADS" : ResourceTypes.ShortName(ServiceType);

    public async Task RunAsync(IAsyncStreamReader<TRequest> requests, ServerCallContext context)
    {
        _peer = context.Peer;
        _context = context;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, Server.Stopping);
        var token = cancel.Token;
        var wakeup = new StreamWakeup();
        var groupRegistration = default(CancellationTokenRegistration);
        var tags = StreamTags.Of(Variant, Service);
        Server.Metrics.StreamOpened(tags);
        try
        {
            var nextRequest = requests.MoveNext(token);
            var requestWatched = false;
            GroupSnapshot? groupWatched = null;
            while (true)
            {
                if (nextRequest.IsCompleted)
                {
                    if (!await nextRequest.ConfigureAwait(false))
                    {
                        return;
                    }

                    Handle(requests.Current);
                    nextRequest = requests.MoveNext(token);
                    requestWatched = false;
                }
                else if (_watched is { Next: not null } replaced)
                {
                    _watched = Latest(replaced);
                    _changed = true;
                }
                else
                {
                    // Each completion is watched once: a read until it completes, a group snapshot until it is replaced.
                    if (!requestWatched)
                    {
                        nextRequest.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(wakeup.Set);
                        requestWatched = true;
                    }

                    if (_watched is { } watched && !ReferenceEquals(watched, groupWatched))
                    {
                        groupRegistration.Unregister();
                        groupRegistration = watched.Replaced.UnsafeRegister(StreamWakeup.SetOnThreadPool, wakeup);
                        groupWatched = watched;
                    }

                    await wakeup.WaitAsync().ConfigureAwait(false);
                    continue;
                }

                if (Snapshot is { } snapshot && (_changed || (_removalsHeld && !AnyAwaitingAck())))
                {
                    _changed = false;
                    _removalsHeld = CollectResponses(snapshot);
                }

                await FlushAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Client went away or the host is stopping: a normal end.
        }
        catch (StreamDeniedException e)
        {
            Log.StreamDenied(Server.Logger, _streamId, _peer, e.Status.Detail);
            throw;
        }
        catch (StreamRefusedException e)
        {
            Server.Metrics.StreamRefused();
            Log.StreamRefused(Server.Logger, _streamId, _peer, e.Status.Detail);
            throw;
        }
        catch (Exception e) when (BadRequest(e) is { } bad)
        {
            Server.Metrics.BadRequest();
            Log.BadRequest(Server.Logger, _streamId, bad.Status.Detail);
            throw bad;
        }
        finally
        {
            groupRegistration.Unregister();
            if (_group is not null)
            {
                Server.Cache.Unwatch(_group);
            }

            Server.Metrics.StreamClosed(tags);
            if (Status is not null)
            {
                Server.Nodes.Disconnect(Status);
            }

            Log.StreamClosed(Server.Logger, _streamId);
            _logScope?.Dispose();
        }
    }

    protected abstract void Handle(TRequest request);

    /// <summary>Queues what the node lacks of <paramref name="snapshot"/>; returns whether removals were held back.</summary>
    protected abstract bool CollectResponses(XdsSnapshot snapshot);

    protected bool AnyAwaitingAck()
    {
        foreach (var state in Types)
        {
            if (state is { AwaitingAck: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes what <see cref="CollectResponses"/> queued.</summary>
    protected abstract Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>The next flush compares the snapshot with what the node holds again.</summary>
    protected void MarkChanged() => _changed = true;

    /// <summary>Binds the stream to its node and gateway group on the first request; later requests may omit the node.</summary>
    protected void Identify(Envoy.Config.Core.V3.Node? node)
    {
        if (Status is not null)
        {
            return;
        }

        var (nodeId, group) = Server.Validator.ValidateNode(node);
        Server.Authorize(node!, _context!);
        _watched = Server.Cache.Watch(group) ?? throw new StreamRefusedException(Server.Validator.TooManyUnknownGroups(group));
        _group = group;
        _identifiedAt = Stopwatch.GetTimestamp();
        Status = Server.Nodes.Connect(new StreamEntry(_streamId, nodeId, group, Variant, Service, _peer, Server.Time.GetUtcNow()));
        // Identify runs synchronously inside RunAsync, so the scope (an AsyncLocal) stays current for the rest of the stream's loop.
        _logScope = Server.Logger.BeginScope(new StreamLogScope(nodeId, group));
        _changed = true;
        Log.StreamOpened(Server.Logger, _streamId, nodeId, group, Service, Variant, _peer);
    }

    /// <summary>
    /// When what a response sent now became due, for the convergence histogram: the publish of the snapshot it comes
    /// from, or this stream's first request if later (a node connecting long after a publish converges from its
    /// request, not from the publish).
    /// </summary>
    protected long DueSince() => Math.Max(_watched?.PublishedAt ?? 0, _identifiedAt);

    protected string NextNonce() => $"{_streamId:x}-{++_nonce:x}";

    protected void LogStaleNonce(string typeUrl, string nonce)
    {
        Server.Metrics.StaleRequest();
        Log.StaleNonce(Server.Logger, _streamId, ResourceTypes.ShortName(typeUrl), nonce);
    }

    /// <summary>Records a NACK in this stream's status; returns the error as recorded, for the node's rejection memory.</summary>
    protected string RecordNack(string typeUrl, string version, Google.Rpc.Status? error)
    {
        var message = error is null ? "(no detail)" : RequestValidator.Truncate($"{error.Code}: {error.Message}", MaxErrorLength);
        Status!.Rejected(typeUrl, version, message, Server.Time.GetUtcNow());
        Server.Metrics.Nack(typeUrl);
        Log.Nack(Server.Logger, _streamId, Status.NodeId, _peer, ResourceTypes.ShortName(typeUrl), version, message);
        return message;
    }

    /// <summary>Keeps a rejection past this stream, for a later stream of the node that still holds what this one held.</summary>
    protected void RememberForNode(int typeIndex, string key, string name, string? heldBefore, string version, string error) =>
        Server.Rejections.Remember(Status!.NodeId, typeIndex, new Rejection(key, name, heldBefore, version, error, Server.Time.GetUtcNow()));

    /// <summary>
    /// On a type's first request: takes over what earlier streams of this node rejected while holding what this stream
    /// reports holding (<paramref name="reportsHeld"/>), and nothing else. A stream reporting nothing or other versions
    /// is another Envoy, or one that moved on, and gets config.
    /// </summary>
    protected void InheritRejections(int typeIndex, Func<Rejection, bool> reportsHeld)
    {
        foreach (var rejection in Server.Rejections.Of(Status!.NodeId, typeIndex))
        {
            if (rejection.HeldBefore is not null && reportsHeld(rejection))
            {
                Status.Inherit(ResourceTypes.AdditionOrder[typeIndex], rejection);
                Log.RejectionInherited(Server.Logger, _streamId, Status.NodeId, ResourceTypes.ShortName(ResourceTypes.AdditionOrder[typeIndex]), rejection.Version);
            }
        }
    }

    /// <summary>
    /// What ends the stream as the client's fault. gRPC refuses a message over the size limit as ResourceExhausted, and
    /// its marshaller throws the parser's exception for bytes that are no valid request: both are one more bad request,
    /// not an UNKNOWN with a stack trace.
    /// </summary>
    private RpcException? BadRequest(Exception e) => e switch
    {
        RpcException { StatusCode: StatusCode.InvalidArgument } invalid => invalid,
        RpcException { StatusCode: StatusCode.ResourceExhausted } => Server.Validator.MessageTooLarge(),
        _ when Malformed(e) is { } parse => RequestValidator.Malformed(parse),
        _ => null,
    };

    private static InvalidProtocolBufferException? Malformed(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is InvalidProtocolBufferException parse)
            {
                return parse;
            }
        }

        return null;
    }

    private static GroupSnapshot Latest(GroupSnapshot watched)
    {
        while (watched.Next is { } next)
        {
            watched = next;
        }

        return watched;
    }
}
