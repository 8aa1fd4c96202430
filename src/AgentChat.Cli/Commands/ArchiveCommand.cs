using System.CommandLine;
using AgentChat.Archive.Service;

namespace AgentChat.Cli.Commands;

/// <summary><c>cchat archive</c>: every message of the followed rooms into PostgreSQL, and the history API, until SIGTERM.</summary>
internal sealed class ArchiveCommand : CchatVerb
{
    private readonly Option<string?> _db = new("--db") { Description = "PostgreSQL connection string (env AGENTCHAT_ARCHIVE_DB), e.g. Host=127.0.0.1;Username=agentchat;Database=agentchat" };
    private readonly Option<int?> _port = new("--port") { Description = $"History API port (default {ArchiveOptions.DefaultPort}; 0 picks a free one; env AGENTCHAT_ARCHIVE_PORT)" };
    private readonly Option<string?> _bind = new("--bind") { Description = "History API address (default 127.0.0.1; env AGENTCHAT_ARCHIVE_BIND)" };
    private readonly Option<string[]> _room = new("--room") { Description = "Another room to follow besides the shared one (repeatable)" };

    public ArchiveCommand() : base("archive",
        "Archive every message of the shared room and every room this account is invited to into PostgreSQL (once each; resumes after "
        + "restarts and outages), and serve GET /history for `cchat history`/`cchat search`. The bearer token is AGENTCHAT_ARCHIVE_TOKEN, "
        + "or random and published in the discovery folder's archive/ file")
    {
        Validation.Range(_port, 0, 65535);
        Add(_db);
        Add(_port);
        Add(_bind);
        Add(_room);
    }

    protected override async Task<int> ExecuteAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = Settings(parse);
        var db = parse.GetValue(_db) ?? settings.Environment("AGENTCHAT_ARCHIVE_DB");
        if (string.IsNullOrWhiteSpace(db))
            throw new UsageException("no database: pass --db or set AGENTCHAT_ARCHIVE_DB to a PostgreSQL connection string (Host=...;Username=...;Database=...)");
        var options = new ArchiveOptions
        {
            ConnectionString = db,
            ExtraRooms = parse.GetValue(_room) ?? [],
            Token = settings.Environment("AGENTCHAT_ARCHIVE_TOKEN"),
            MetricsTokenFile = settings.Environment("AGENTCHAT_METRICS_TOKEN_FILE") is { Length: > 0 } scrape ? scrape : null,
        };
        if (parse.GetValue(_port) is { } port) options.Port = port;
        else if (settings.Environment("AGENTCHAT_ARCHIVE_PORT") is { Length: > 0 } text)
            options.Port = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p <= 65535 ? p
                : throw new UsageException($"AGENTCHAT_ARCHIVE_PORT must be a port number from 0 to 65535, not '{text}'");
        if ((parse.GetValue(_bind) ?? settings.Environment("AGENTCHAT_ARCHIVE_BIND")) is { Length: > 0 } bind) options.Bind = bind;
        if (!System.Net.IPAddress.TryParse(options.Bind, out _))
            throw new UsageException($"--bind/AGENTCHAT_ARCHIVE_BIND must be an IP address such as 127.0.0.1, not '{options.Bind}'");
        return await ArchiveHost.RunAsync(settings, options, ct);
    }
}
