using AgentChat.Matrix;

namespace AgentChat.Attachments;

/// <summary>The homeserver's <c>m.upload.size</c>, asked once and kept for a while (an operator may change it).</summary>
public sealed class UploadLimit(MatrixClient client, TimeProvider time)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (long? Bytes, DateTimeOffset At)? _known;

    /// <summary>The limit in bytes; null when the homeserver names none (then its 413 is the check).</summary>
    public async Task<long?> GetAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_known is { } k && time.GetUtcNow() - k.At < KeptFor) return k.Bytes;
            var bytes = await client.GetUploadLimitAsync(ct);
            _known = (bytes, time.GetUtcNow());
            return bytes;
        }
        finally
        {
            _gate.Release();
        }
    }
}
