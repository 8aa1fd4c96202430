using System.Security.Cryptography;
using AgentChat.Verbs;

namespace AgentChat.Attachments;

/// <summary>
/// The bytes of one file to upload, from a path or from memory, with its length known before any is read. Its name is
/// made safe as a reader would (<see cref="FileNames"/>), so what readers see is what was sent.
/// </summary>
public sealed class AttachmentSource
{
    private readonly string? _path;
    private readonly byte[]? _bytes;

    private AttachmentSource(string name, long length, string? path, byte[]? bytes)
    {
        Name = name;
        Length = length;
        _path = path;
        _bytes = bytes;
    }

    public string Name { get; }

    public long Length { get; }

    /// <summary>A regular file; <paramref name="name"/> overrides the file's own name.</summary>
    public static AttachmentSource FromPath(string path, string? name = null)
    {
        FileInfo file;
        try
        {
            file = new FileInfo(path);
            if (file.Attributes.HasFlag(FileAttributes.Directory)) throw VerbException.BadRequest("bad_file", $"{path} is a directory, not a file");
            if (!file.Exists) throw new VerbException(404, "no_such_file", $"no file {path}");
            using (File.OpenRead(path)) { } // readable at all, told now rather than mid-upload
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException or NotSupportedException)
        {
            throw new VerbException(403, "unreadable_file", $"cannot read {path}: {e.Message}");
        }
        return new AttachmentSource(FileNames.Sanitize(name ?? file.Name), file.Length, file.FullName, null);
    }

    public static AttachmentSource FromBytes(byte[] bytes, string? name) => new(FileNames.Sanitize(name), bytes.Length, null, bytes);

    public Stream Open() => _bytes is { } b ? new MemoryStream(b, writable: false) : File.OpenRead(_path!);

    /// <summary>SHA-256 of the bytes, hex: what ties a transaction id to the one file it uploaded.</summary>
    public async Task<string> HashAsync(CancellationToken ct)
    {
        await using var stream = Open();
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
