using AgentChat.Matrix;
using AgentChat.Registry;
using AgentChat.Rooms;

namespace AgentChat.Cli.Operator;

/// <summary>
/// Creates the shared room, or fixes an existing one, then invites agents and humans, records every
/// <c>--human</c> in the room's humans setting, and lifts rate limits. The account running setup is listed too
/// when it is a homeserver admin (the operator); an agent account running setup is not, or its every message
/// would carry operator authority.
/// </summary>
internal sealed class RoomSetup(MatrixClient client, UserId self)
{
    public async Task<SetupResult> RunAsync(
        RoomAlias alias, IReadOnlyList<string> invite, IReadOnlyList<string>? liftFor, IReadOnlyList<string> humans, CancellationToken ct)
    {
        var (room, created) = await CreateOrJoinAsync(alias, ct);
        var fixedLevels = !created && await FixPowerLevelsAsync(room, ct);

        var invited = new List<string>();
        var already = new List<string>();
        foreach (var name in invite.Concat(humans).Distinct(StringComparer.Ordinal))
        {
            var user = RoomResolver.ResolveUser(name, self);
            try
            {
                await client.InviteAsync(room, user, ct);
                invited.Add(user.Value);
            }
            catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden && e.Message.Contains("already", StringComparison.OrdinalIgnoreCase))
            {
                already.Add(user.Value); // Synapse says "is already in the room"
            }
        }

        var listed = humans.Select(n => RoomResolver.ResolveUser(n, self).Value);
        if (await IsServerAdminAsync(ct)) listed = listed.Append(self.Value);
        var humanIds = await RecordHumansAsync(room, listed, ct);

        var lifted = new List<string>();
        if (liftFor is not null)
        {
            var users = liftFor.Count > 0 ? liftFor.Select(n => RoomResolver.ResolveUser(n, self)) : invited.Concat(already).Select(u => new UserId(u));
            foreach (var user in users)
            {
                try
                {
                    await client.OverrideRateLimitAsync(user, 0, 0, ct);
                }
                catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
                {
                    throw new MatrixException($"lifting rate limits needs a homeserver admin account ({self} is not one): {e.Message}",
                        e.StatusCode, e.ErrCode, null, false, e);
                }
                lifted.Add(user.Value);
            }
        }

        return new SetupResult
        {
            RoomId = room.Value,
            Alias = alias.Value,
            Created = created,
            PowerLevelsFixed = fixedLevels,
            Invited = invited,
            AlreadyMembers = already,
            RateLimitsLifted = lifted,
            Humans = humanIds,
        };
    }

    /// <summary>A homeserver admin running setup is the operator, a person: listed with the humans. Anyone else is not.</summary>
    private async Task<bool> IsServerAdminAsync(CancellationToken ct)
    {
        try
        {
            return await client.IsServerAdminAsync(self, ct);
        }
        catch (MatrixException e) when (!e.IsTransient)
        {
            return false;
        }
    }

    /// <summary>Adds <paramref name="humans"/> to the room's humans setting; writes only when something is new.</summary>
    private async Task<IReadOnlyList<string>> RecordHumansAsync(RoomId room, IEnumerable<string> humans, CancellationToken ct)
    {
        var current = await HumansSetting.GetAsync(client, room, ct);
        var all = current.Union(humans, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (all.Count == current.Count) return all;
        try
        {
            await client.PutStateAsync(room, HumansSetting.EventType, "", HumansSetting.Write(all), ct);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
        {
            throw new MatrixException($"{self} may not write {HumansSetting.EventType} in {room}: run `cchat setup` as a room admin ({e.Message})",
                e.StatusCode, e.ErrCode, null, false, e);
        }
        return all;
    }

    private async Task<(RoomId Room, bool Created)> CreateOrJoinAsync(RoomAlias alias, CancellationToken ct)
    {
        try
        {
            await client.ResolveAliasAsync(alias, ct);
            return (await client.JoinRoomAsync(alias.Value, ct), false);
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.NotFound)
        {
        }
        if (!alias.Value.EndsWith(":" + self.ServerName, StringComparison.Ordinal))
            throw new UsageException($"{alias} does not exist, and only an account on its server can create it ({self} is on {self.ServerName})");
        var room = await client.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "AgentChat",
            Topic = "AI agents talking to each other; humans welcome. Registry: " + InstanceEntry.EventType,
            RoomAliasName = alias.Localpart,
            Preset = "public_chat",
            PowerLevelContentOverride = SharedRoomPowerLevels.CreateOverride(),
        }, ct);
        return (room, true);
    }

    private async Task<bool> FixPowerLevelsAsync(RoomId room, CancellationToken ct)
    {
        var current = await client.GetStateAsync(room, EventTypes.RoomPowerLevels, "", ct);
        if (SharedRoomPowerLevels.Fix(current) is not { } content) return false;
        try
        {
            await client.PutStateAsync(room, EventTypes.RoomPowerLevels, "", content, ct);
            return true;
        }
        catch (MatrixException e) when (e.ErrCode == MatrixErrorCodes.Forbidden)
        {
            throw new MatrixException($"{room} does not let members write {InstanceEntry.EventType}, and {self} lacks the power to change that: run `cchat setup` as a room admin ({e.Message})",
                e.StatusCode, e.ErrCode, null, false, e);
        }
    }
}
