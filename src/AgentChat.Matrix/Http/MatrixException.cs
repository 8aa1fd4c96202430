using System.Net;

namespace AgentChat.Matrix;

/// <summary>
/// A failed homeserver call. <see cref="IsTransient"/> says whether the same call may succeed later
/// (transport failures, 5xx, rate limits); callers decide from it, never from the message text.
/// </summary>
public sealed class MatrixException : Exception
{
    public MatrixException(string message, HttpStatusCode? statusCode, string? errCode, TimeSpan? retryAfter, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrCode = errCode;
        RetryAfter = retryAfter;
        IsTransient = isTransient;
    }

    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The Matrix <c>errcode</c>, such as <c>M_FORBIDDEN</c>; null when the server sent none.</summary>
    public string? ErrCode { get; }

    /// <summary>How long the server asked us to wait before trying again.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsTransient { get; }

    public bool IsRateLimited => ErrCode == MatrixErrorCodes.LimitExceeded;
}
