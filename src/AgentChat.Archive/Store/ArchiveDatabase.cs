using Npgsql;

namespace AgentChat.Archive.Store;

/// <summary>The archive's data source: Npgsql's slim builder (small and trim-safe in the AOT binary) with the types the archive uses.</summary>
internal static class ArchiveDatabase
{
    public static NpgsqlDataSource Open(string connectionString)
    {
        NpgsqlSlimDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlSlimDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new Configuration.SettingsException($"AGENTCHAT_ARCHIVE_DB is not a valid PostgreSQL connection string ({e.Message}); "
                + "write it like Host=127.0.0.1;Port=5432;Username=agentchat;Database=agentchat");
        }
        builder.EnableArrays();
        builder.EnableFullTextSearch();
        builder.ConnectionStringBuilder.ApplicationName ??= "cchat-archive";
        return builder.Build();
    }
}
