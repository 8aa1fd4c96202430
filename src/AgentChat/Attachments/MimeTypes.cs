namespace AgentChat.Attachments;

/// <summary>A file's mimetype from its extension: a small table of what agents share (logs, patches, screenshots, archives).</summary>
public static class MimeTypes
{
    public const string Default = "application/octet-stream";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".txt"] = "text/plain",
        [".log"] = "text/plain",
        [".md"] = "text/markdown",
        [".csv"] = "text/csv",
        [".html"] = "text/html",
        [".htm"] = "text/html",
        [".patch"] = "text/x-diff",
        [".diff"] = "text/x-diff",
        [".json"] = "application/json",
        [".xml"] = "application/xml",
        [".yaml"] = "application/yaml",
        [".yml"] = "application/yaml",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
        [".tgz"] = "application/gzip",
        [".tar"] = "application/x-tar",
        [".mp4"] = "video/mp4",
        [".webm"] = "video/webm",
        [".mp3"] = "audio/mpeg",
        [".ogg"] = "audio/ogg",
    };

    public static string FromFileName(string fileName) =>
        ByExtension.TryGetValue(Path.GetExtension(fileName), out var type) ? type : Default;

    /// <summary>
    /// Images Matrix clients render inline as <c>m.image</c>. SVG is left out on purpose: clients refuse to
    /// inline it (it can carry script), so it goes as a file.
    /// </summary>
    public static bool IsInlineImage(string mimetype) =>
        mimetype is "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    /// <summary>A plausible <c>type/subtype</c>: printable ASCII without spaces, at most 127 characters.</summary>
    public static bool IsValid(string mimetype) =>
        mimetype.Length is > 2 and <= 127 && mimetype.Count(c => c == '/') == 1 && mimetype[0] != '/' && mimetype[^1] != '/'
        && mimetype.All(c => c is > ' ' and < (char)127 and not ';' and not ',' and not '"');
}
