namespace PSDropbox.Emulator.Store;

internal sealed partial class EmulatorStore
{
    /// <summary>When an expiring (not long-lived) access token was issued, in Unix seconds; null for other tokens.</summary>
    public long? ExpiringTokenIssuedAt(string token)
    {
        using var c = OpenConnection();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT created FROM tokens WHERE token = $t AND kind <> 'long_lived'";
        cmd.Parameters.AddWithValue("$t", token);
        return cmd.ExecuteScalar() is long created ? created : null;
    }
}
