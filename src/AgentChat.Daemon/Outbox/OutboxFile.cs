namespace AgentChat.Daemon.Outbox;

/// <summary>An outbox entry written but not yet durable: <see cref="Commit"/> flushes it to disk and gives it its name.</summary>
internal sealed class OutboxFile(FileStream stream, string tempPath, string path)
{
    /// <summary>fsync, then rename: a crash leaves either no entry or a whole one. On failure nothing is left behind.</summary>
    public void Commit()
    {
        try
        {
            using (stream)
            {
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(tempPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the directory itself is gone or broken: there is nothing to clean up in it
            }
            throw;
        }
    }
}
