using Microsoft.AspNetCore.Builder;

namespace AgentChat.Archive.Service;

/// <summary>A started archive: its history API's URL and bearer token, and its counters.</summary>
public sealed class RunningArchive(WebApplication app, Uri url, string token, ArchiveStats stats) : IAsyncDisposable
{
    public WebApplication App { get; } = app;
    public Uri Url { get; } = url;
    public string Token { get; } = token;
    public ArchiveStats Stats { get; } = stats;

    public override string ToString() => $"archive at {Url}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync(CancellationToken.None);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
