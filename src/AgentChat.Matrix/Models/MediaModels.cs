namespace AgentChat.Matrix;

/// <summary>The answer to an upload: where the file now lives.</summary>
public sealed record UploadResponse(string? ContentUri);
