using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Commands;
using PSDropbox.Content;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Provider;

public sealed partial class DropboxProvider
{
    protected override string MakePath(string parent, string child) => ProviderPaths.Join(parent, child);

    protected override string GetParentPath(string path, string root) => ProviderPaths.Parent(path, root);

    protected override string GetChildName(string path) => ProviderPaths.ChildName(path);

    protected override bool IsValidPath(string path) => true;

    /// <summary>
    /// Whether there is an item at <paramref name="path"/>. For Get-ChildItem, a missing path is reported here, by its path
    /// in the drive (<see cref="ReportMissing"/>), and the engine is told it exists: it would report it again by its provider
    /// path alone ("Nope" for Dropbox:/Nope). What it asks next about that path finds nothing there, silently.
    /// </summary>
    protected override bool ItemExists(string path)
    {
        var dropboxPath = "";
        try
        {
            dropboxPath = ProviderPaths.ToDropbox(path);
            Lookup(dropboxPath);
            return true;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound && DynamicParameters is DropboxChildItemParameters)
        {
            ReportMissing(path);
            return true;
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return false;
        }
        catch (Exception e) when (e is not PipelineStoppedException && e is not ProviderInvocationException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, dropboxPath));
            return false;
        }
    }

    protected override bool IsItemContainer(string path)
    {
        try
        {
            return Lookup(ProviderPaths.ToDropbox(path)) is DropboxFolder;
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return false;
        }
    }

    protected override void GetItem(string path) => ForItem(path, () => Write(Lookup(ProviderPaths.ToDropbox(path))));

    /// <summary>New-Item: -ItemType Directory (or Folder) makes a folder; File (the default) a file holding -Value.</summary>
    protected override void NewItem(string path, string itemTypeName, object newItemValue) => ForItem(path, () =>
    {
        var dropboxPath = ProviderPaths.ToDropbox(path);
        var folder = itemTypeName is { Length: > 0 } type && (Is(type, "Directory") || Is(type, "Folder") || Is(type, "Container"));
        if (!folder && itemTypeName is { Length: > 0 } other && !Is(other, "File"))
            throw new ArgumentException($"The Dropbox provider makes items of type File or Directory, not '{other}'.");
        if (!ShouldProcess(dropboxPath, folder ? "New folder" : "New file")) return;
        var client = Client;
        if (folder)
        {
            var stored = CryptPaths.ForNew(Crypt, dropboxPath, isDirectory: true);
            Write(Plain(Wait(ct => CreateFolderAsync(client, stored, ct))));
            return;
        }
        using var spool = new ContentSpool(TextEncodings.Default);
        foreach (var value in newItemValue is object[] values ? values : new[] { newItemValue })
            ContentValues.Write(spool, value, noNewline: true, bytesOnly: false);
        var commit = new CommitInfo { Path = dropboxPath, Mode = new WriteModeArg { Mode = Force ? DropboxWriteMode.Overwrite : DropboxWriteMode.Add } };
        var crypt = Crypt;
        Write(Wait(ct => spool.UploadAsync(client.Files, crypt, commit, ct)));
    });

    /// <summary>
    /// A folder (as stored: the caller shows it with <see cref="Plain"/> on the pipeline thread); with -Force an existing
    /// folder is returned instead of a conflict, as New-Item -Force does on a file system.
    /// </summary>
    private async Task<DropboxItem> CreateFolderAsync(DropboxClient client, string stored, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Files.CreateFolderAsync(stored, autorename: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (Force && e.ConflictsWithFolder)
        {
            return await client.Files.GetMetadataAsync(stored, false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Remove-Item: a restorable delete (Restore-DropboxItem brings it back). PowerShell asks for -Recurse before a non-empty folder.</summary>
    protected override void RemoveItem(string path, bool recurse) => ForItem(path, () =>
    {
        var dropboxPath = ProviderPaths.ToDropbox(path);
        if (dropboxPath.Length == 0) throw new ArgumentException("The root folder cannot be deleted.");
        if (!ShouldProcess(dropboxPath, "Delete (restorable)")) return;
        var client = Client;
        var stored = Stored(dropboxPath);
        Wait(ct => client.Files.DeleteAsync(stored, null, ct));
        _looked.Clear();
    });

    /// <summary>Rename-Item: one move within the folder (a change of case only takes two, through a temporary name).</summary>
    protected override void RenameItem(string path, string newName)
    {
        string? target = null;
        ForItem(path, () =>
        {
            if (newName.IndexOf('/') >= 0 || newName.IndexOf('\\') >= 0)
                throw new ArgumentException($"The new name '{newName}' contains a slash. Give a name only; use Move-Item to move the item.");
            var source = ProviderPaths.ToDropbox(path);
            target = source.Substring(0, source.LastIndexOf('/') + 1) + newName;
            if (!ShouldProcess(source, $"Rename to {newName}")) return;
            var client = Client;
            var (from, to) = Relocation(source, target);
            var caseOnly = string.Equals(from, to, StringComparison.OrdinalIgnoreCase);
            Write(Plain(Wait(ct => caseOnly
                ? RelocationCmdlet.RenameCaseAsync(client, from, to, ct)
                : client.Files.MoveAsync(from, to, autorename: false, ct))));
            _looked.Clear();
        }, () => target);
    }

    /// <summary>
    /// Move-Item within Dropbox: one files/move_v2; a destination that is a folder receives the item. A file already at the
    /// destination is a conflict; with -Force it is deleted (restorably) first.
    /// </summary>
    protected override void MoveItem(string path, string destination)
    {
        string? target = null;
        ForItem(path, () =>
        {
            var source = ProviderPaths.ToDropbox(path);
            target = Target(source, ProviderPaths.ToDropbox(destination));
            if (!ShouldProcess(source, $"Move to {ProviderPaths.Display(target)}")) return;
            var client = Client;
            var (from, to) = Relocation(source, target);
            MakeRoom(client, source, target);
            Write(Plain(Wait(ct => client.Files.MoveAsync(from, to, autorename: false, ct))));
            _looked.Clear();
        }, () => target);
    }

    /// <summary>
    /// Copy-Item within Dropbox: one files/copy_v2, on Dropbox's side. A folder is copied with its contents with -Recurse;
    /// without it, as on a file system, only an empty folder of the same name is made. A file already at the destination
    /// is a conflict; with -Force it is deleted (restorably) first.
    /// </summary>
    protected override void CopyItem(string path, string copyPath, bool recurse)
    {
        string? target = null;
        ForItem(path, () =>
        {
            var source = ProviderPaths.ToDropbox(path);
            target = Target(source, ProviderPaths.ToDropbox(copyPath));
            if (!ShouldProcess(source, $"Copy to {ProviderPaths.Display(target)}")) return;
            var client = Client;
            var (from, to) = Relocation(source, target);
            MakeRoom(client, source, target);
            var onlyFolder = !recurse && Lookup(source) is DropboxFolder;
            Write(Plain(Wait(ct => onlyFolder
                ? CreateFolderAsync(client, to, ct)
                : client.Files.CopyAsync(from, to, autorename: false, ct))));
            _looked.Clear();
        }, () => target);
    }

    /// <summary>
    /// The stored source and target of a move, copy or rename between (plaintext) Dropbox paths; both in the same encrypted
    /// folder or both outside every one, else an ArgumentException (it would not re-encrypt).
    /// </summary>
    private (string Source, string Target) Relocation(string source, string target)
    {
        var client = Client;
        var crypt = Crypt;
        return Wait(ct => CryptPaths.RelocationAsync(client.Files, crypt, source, source, target, ct));
    }

    /// <summary>Where an item goes: into <paramref name="destination"/> when that is a folder, else to that path.</summary>
    private string Target(string source, string destination)
    {
        try
        {
            if (Lookup(destination) is not DropboxFolder) return destination;
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return destination;
        }
        return destination + "/" + ProviderPaths.ChildName(source);
    }

    /// <summary>With -Force, deletes (restorably) a file at <paramref name="target"/>: Dropbox never copies or moves over one.</summary>
    private void MakeRoom(DropboxClient client, string source, string target)
    {
        if (!Force || string.Equals(source, target, StringComparison.OrdinalIgnoreCase)) return;
        try
        {
            if (Lookup(target) is not DropboxFile) return;
        }
        catch (Exception e) when (IsNotFound(e))
        {
            return;
        }
        var stored = Stored(target);
        Wait(ct => client.Files.DeleteAsync(stored, null, ct));
    }

    private static bool Is(string value, string name) => string.Equals(value, name, StringComparison.OrdinalIgnoreCase);
}
