using System.Net;
using System.Net.Sockets;
using Azure;
using Grpc.Core;
using ReferralFunctions.Http;

namespace ReferralFunctions.UnitTests.Http;

/// <summary>Which failures become 503 (storage or engine away) and which stay 500 (bugs).</summary>
public sealed class UnavailabilityTests
{
    public static TheoryData<Exception> Outages => new()
    {
        new RequestFailedException(0, "Connection refused (127.0.0.1:10002)", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))),
        new RequestFailedException(503, "Server busy"),
        new RequestFailedException(500, "Operation timed out"),
        new AggregateException("Retry failed after 3 tries.", new RequestFailedException(0, "refused"), new TaskCanceledException("network timeout")),
        new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new SocketException((int)SocketError.ConnectionReset),
        new TaskCanceledException("The request deadline passed."),
        new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.")),
        new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline")),
        new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client.")),
        new IOException("Unable to read data from the transport connection", new SocketException((int)SocketError.ConnectionReset)),
    };

    public static TheoryData<Exception> Bugs => new()
    {
        new RequestFailedException(400, "Bad Request: the property value exceeds the maximum allowed size"),
        new RequestFailedException(404, "TableNotFound"),
        new RequestFailedException(409, "EntityAlreadyExists"),
        new RequestFailedException(412, "UpdateConditionNotSatisfied"),
        new RequestFailedException(403, "AuthorizationFailure"),
        new AggregateException(new RequestFailedException(0, "refused"), new InvalidOperationException("bug")),
        new HttpRequestException("Bad request", null, HttpStatusCode.BadRequest),
        new RpcException(new Status(StatusCode.Unknown, "Exception was thrown by handler.")),
        new RpcException(new Status(StatusCode.InvalidArgument, "bad input")),
        new InvalidOperationException("Sequence contains no elements"),
        new ArgumentException("bad"),
        new System.Text.Json.JsonException("bad json in storage"),
        new IOException("disk full"),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void An_outage_of_storage_or_the_engine_is_unavailable(Exception exception) =>
        Assert.True(Unavailability.IsUnavailable(exception));

    [Theory]
    [MemberData(nameof(Bugs))]
    public void A_bug_or_a_refusal_on_the_merits_is_not(Exception exception) =>
        Assert.False(Unavailability.IsUnavailable(exception));

    [Fact]
    public void A_cancellation_is_not_an_outage_when_the_caller_went_away()
    {
        Assert.False(Unavailability.IsUnavailable(new TaskCanceledException(), callerGone: true));
        Assert.False(Unavailability.IsUnavailable(new RpcException(new Status(StatusCode.Cancelled, "")), callerGone: true));
    }
}
