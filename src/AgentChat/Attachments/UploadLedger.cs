using System.Text;
using AgentChat.Configuration;
using AgentChat.Verbs;

namespace AgentChat.Attachments;

/// <summary>
/// Which file each transaction id uploaded, on disk under the agent's state directory (<c>uploads/</c>), which the
/// daemon and the CLI's direct mode share: a send retried under the same <c>txn_id</c> — to the gateway again, or
/// by the CLI falling back to direct mode after the daemon died — reuses the <c>mxc://</c> uri instead of
/// uploading a second copy. The event itself is made once by the transaction id, as any message.
/// </summary>
public sealed class UploadLedger(string stateDirectory, TimeProvider time)
{
    /// <summary>Longer than any retry of one send: Synapse itself keeps a transaction id for far less.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromDays(2);

    private const int PruneAtMost = 256;

    private string Directory => Path.Combine(stateDirectory, "uploads");

    /// <summary>The uri this transaction uploaded, or null; a different file under the same id is a 409.</summary>
    public string? Find(string txnId, string sha256)
    {
        string[] fields;
        try
        {
            fields = File.ReadAllText(PathOf(txnId), Encoding.UTF8).Trim().Split(' ');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (fields is not ["v1", var hash, var uri] || MxcUri.TryParse(uri) is null) return null; // unreadable: upload again
        if (hash != sha256)
            throw new VerbException(409, "txn_conflict", $"txn_id {txnId} already sent another file; use a new txn_id for a new file");
        return uri;
    }

    public void Record(string txnId, string sha256, string uri)
    {
        PrivateFile.CreatePrivateDirectory(Directory);
        PrivateFile.WriteAllBytes(PathOf(txnId), Encoding.UTF8.GetBytes($"v1 {sha256} {uri}\n"));
        Prune();
    }

    /// <summary>Best effort, a bounded number per call: entries past <see cref="KeptFor"/> go.</summary>
    private void Prune()
    {
        try
        {
            var before = time.GetUtcNow().UtcDateTime - KeptFor;
            foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("u-*").Take(PruneAtMost))
                if (file.LastWriteTimeUtc < before) file.Delete();
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    // A txn id is [A-Za-z0-9._~-]{1,64}: a safe file name once prefixed ("." and ".." are valid ids).
    private string PathOf(string txnId) => Path.Combine(Directory, "u-" + txnId);
}
