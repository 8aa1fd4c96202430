using AgentChat.Configuration;
using AgentChat.Matrix;

namespace AgentChat.Cli.Operator;

/// <summary>Writes an account's credentials into a config file (0600), keeping its other settings.</summary>
internal static class CredentialsWriter
{
    /// <summary>Refuses, before anything is created, to replace the credentials of another account.</summary>
    public static void EnsureMayWrite(string path, string localpart, bool force)
    {
        var existing = Load(path);
        if (!force && UserId.TryParse(existing.UserId, out var other) && other.Localpart != localpart)
            throw new UsageException($"{path} already holds the credentials of {other}; pass --config PATH to write this account's own file, or --force to replace them");
    }

    public static void Write(string path, Uri homeserver, LoginResponse login, bool force, string? room = null)
    {
        var existing = Load(path);
        if (!force && existing.UserId is { Length: > 0 } other && other != login.UserId.Value)
            throw new UsageException($"{path} already holds the credentials of {other}; pass --config PATH to write this account's own file, or --force to replace them");
        (existing with
        {
            Homeserver = homeserver.ToString().TrimEnd('/'),
            UserId = login.UserId.Value,
            AccessToken = login.AccessToken,
            DeviceId = login.DeviceId,
            Room = room ?? existing.Room,
        }).Save(path);
    }

    private static ConfigFile Load(string path)
    {
        try
        {
            return ConfigFile.Load(path);
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
