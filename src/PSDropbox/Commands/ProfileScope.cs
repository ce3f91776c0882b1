namespace PSDropbox.Commands;

/// <summary>Where Connect-Dropbox keeps a sign-in: only in this PowerShell session, or also for the current user on this computer.</summary>
public enum ProfileScope
{
    Process,
    CurrentUser,
}
