namespace PSDropbox.Commands;

/// <summary>How -Mode and -Rev combine for every cmdlet that writes a file (Send-DropboxFile, Set-DropboxContent).</summary>
internal static class WriteModeRule
{
    /// <summary>-Rev alone means -Mode Update; Update needs -Rev; -Rev applies only to Update. Throws ArgumentException otherwise.</summary>
    public static DropboxWriteMode Resolve(DropboxWriteMode mode, bool modeGiven, string? rev)
    {
        if (rev is not null && !modeGiven) return DropboxWriteMode.Update;
        if (mode == DropboxWriteMode.Update && rev is null) throw new ArgumentException("-Mode Update needs -Rev: the revision the upload may replace.");
        if (mode != DropboxWriteMode.Update && rev is not null) throw new ArgumentException("-Rev only applies to -Mode Update.");
        return mode;
    }
}
