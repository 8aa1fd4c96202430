using System.Net;
using AgentChat.Matrix;
using AgentChat.Registry;

namespace AgentChat.Verbs;

/// <summary>
/// Turns the names a sender addresses (an instance name, a user id, a localpart on our server) into accounts.
/// Each must be a registered instance or an account the homeserver knows; anything else is a 404
/// <c>unknown_recipient</c>, so a typo never becomes a message to nobody. An agent that is not alive is
/// still sent to, with a warning (<see cref="RecipientPresence"/>). Each lookup gets <paramref name="lookupBudget"/>, or less when the
/// request's own <see cref="LookupBudget"/> has less left: a homeserver that hangs makes it a warning, not a send that never answers.
/// </summary>
public sealed class RecipientResolver(MatrixClient client, UserId self, TimeProvider time, TimeSpan lookupBudget)
{
    public async Task<Recipient> ResolveAsync(
        string name, IReadOnlyList<InstanceInfo> registry, List<string> warnings, CancellationToken ct, LookupBudget? budget = null)
    {
        var bare = name.Trim().TrimStart('@');
        var isUserId = UserId.TryParse(name.Trim(), out var id);
        var candidates = Candidates(name, registry);
        if (candidates.Count > 1)
            throw new VerbException(409, "ambiguous_recipient",
                $"several accounts call themselves '{name}' ({string.Join(", ", candidates.Select(c => c.UserId))}): name one by its Matrix id");
        var agent = candidates.FirstOrDefault();
        if (agent is not null && UserId.TryParse(agent.UserId, out var agentId))
        {
            if (RecipientPresence.Warning(agent, time.GetUtcNow()) is { } warning) warnings.Add(warning);
            return new Recipient(agentId, agent.Instance, agent);
        }

        var user = isUserId ? id : new UserId($"@{bare}:{self.ServerName}");
        if (!await ExistsAsync(user, warnings, budget?.Next() ?? lookupBudget, ct))
            throw new VerbException(404, "unknown_recipient",
                $"no agent or account named '{name}': `cchat who` lists the agents; a person needs their full Matrix id (@name:server)");
        return new Recipient(user, user.Localpart, null);
    }

    /// <summary>
    /// The registered instance <paramref name="name"/> means: by user id, or by instance name (any case). Any
    /// member can register any instance name for its own account: a live name belongs to its earliest live claimant
    /// (the others are marked contested and never match) over entries that are not live; among several, the one whose localpart
    /// is the name wins, then the one spelt exactly so; else no one does (null).
    /// </summary>
    public static InstanceInfo? Find(string name, IReadOnlyList<InstanceInfo> registry) => Candidates(name, registry) is [var one] ? one : null;

    private static List<InstanceInfo> Candidates(string name, IReadOnlyList<InstanceInfo> registry)
    {
        var trimmed = name.Trim();
        if (UserId.TryParse(trimmed, out var id)) return registry.Where(r => r.UserId == id.Value).Take(1).ToList();
        var bare = trimmed.TrimStart('@');
        // A later claim on a live name is never the one meant (NameClaims): the name's holder, or an account by its id.
        var named = registry.Where(r => !r.Contested && string.Equals(r.Instance, bare, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count <= 1) return named;
        if (named.Where(r => r.Alive).ToList() is [var holder]) return [holder]; // a lapsed claim leaves the name to the live one
        var byLocalpart = named.Where(r => UserId.TryParse(r.UserId, out var u) && u.Localpart == bare).ToList();
        if (byLocalpart.Count == 1) return byLocalpart;
        var exact = named.Where(r => r.Instance == bare).ToList();
        return exact.Count == 1 ? exact : named;
    }

    /// <summary>Whether the homeserver knows the account; when it cannot be asked now, the send goes ahead with a warning.</summary>
    private async Task<bool> ExistsAsync(UserId user, List<string> warnings, TimeSpan wait, CancellationToken ct)
    {
        if (wait == TimeSpan.Zero)
        {
            warnings.Add($"could not check that {user} exists (the homeserver cannot be reached now, or the request's time for lookups is spent); sending anyway");
            return true;
        }
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(wait);
        try
        {
            await client.GetProfileAsync(user, bounded.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            warnings.Add($"could not check that {user} exists (the homeserver did not answer in time); sending anyway");
            return true;
        }
        catch (MatrixException e) when (e.ErrCode is MatrixErrorCodes.NotFound || e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (MatrixException e) when (e.IsTransient)
        {
            warnings.Add($"could not check that {user} exists ({e.Message}); sending anyway");
            return true;
        }
        catch (MatrixException)
        {
            return true; // the profile is hidden from us (403): the account is there
        }
    }
}
