using AgentChat.Attachments;
using AgentChat.Verbs;

namespace AgentChat.Cli.Attachments;

/// <summary>
/// Where a fetched file goes, and writing it there. The stranger's name is one sanitised path component
/// (<see cref="FileNames"/>) joined to the target directory and checked to stay in it; an existing file under
/// that name is never overwritten (<c>name-1.ext</c> instead). Only a path the user named with <c>-o</c> is
/// written as given, replacing what is there. Bytes go to a hidden temporary file first, so a failed download
/// leaves nothing behind.
/// </summary>
internal static class FetchTarget
{
    /// <summary>No homeserver is configured to keep files larger; a stream past it is cut.</summary>
    public const long MaxBytes = 1L << 30;

    public static async Task<(string Path, long Size)> WriteAsync(FetchedFile file, string? output, CancellationToken ct)
    {
        if (file.Length > MaxBytes) throw TooLarge(file.Length.Value);
        string dir, name;
        var chosen = output is not null && !Directory.Exists(output) && !output.EndsWith('/');
        if (chosen)
        {
            var full = Path.GetFullPath(output!);
            (dir, name) = (Path.GetDirectoryName(full)!, Path.GetFileName(full));
            if (!Directory.Exists(dir)) throw new UsageException($"-o {output}: the directory {dir} does not exist");
        }
        else
        {
            (dir, name) = (Path.GetFullPath(output ?? "."), FileNames.Sanitize(file.Name));
            if (!Directory.Exists(dir)) throw new UsageException($"-o {output}: no such directory");
        }

        var tmp = Path.Combine(dir, $".{Guid.NewGuid():N}.cchat-part");
        long size;
        try
        {
            await using (var target = new FileStream(tmp, new FileStreamOptions
                         {
                             Mode = FileMode.CreateNew, Access = FileAccess.Write,
                             UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                         }))
            {
                size = await CopyBoundedAsync(file.Content, target, ct);
            }
            return (chosen ? MoveOver(tmp, Path.Combine(dir, name)) : MoveBeside(tmp, dir, name), size);
        }
        finally
        {
            File.Delete(tmp); // gone already when the move worked
        }
    }

    private static async Task<long> CopyBoundedAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > MaxBytes) throw TooLarge(total);
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await to.FlushAsync(ct);
        return total;
    }

    private static string MoveOver(string tmp, string path)
    {
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    /// <summary>The name in <paramref name="dir"/>, else <c>name-1.ext</c>, <c>name-2.ext</c>…: never over an existing file.</summary>
    private static string MoveBeside(string tmp, string dir, string name)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var ext = Path.GetExtension(name);
        for (var i = 0; i < 1000; i++)
        {
            var path = Path.GetFullPath(Path.Combine(dir, i == 0 ? name : $"{stem}-{i}{ext}"));
            if (Path.GetDirectoryName(path) != Path.TrimEndingDirectorySeparator(dir))
                throw new InvalidOperationException($"refusing to write {path} outside {dir}"); // FileNames makes this impossible; checked anyway
            if (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null) continue;
            try
            {
                File.Move(tmp, path, overwrite: false);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
                // taken between the look and the move: the next name
            }
        }
        throw new VerbException(409, "name_taken", $"{name} and its 999 numbered variants already exist in {dir}; name the file with -o");
    }

    private static VerbException TooLarge(long bytes) =>
        new(413, "too_large", $"the file is over {Sizes.Human(MaxBytes)} ({Sizes.Human(bytes)} so far); not written");
}
