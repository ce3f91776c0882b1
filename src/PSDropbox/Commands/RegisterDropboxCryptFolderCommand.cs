using System.Management.Automation;
using System.Security;
using System.Text;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Makes a Dropbox folder an rclone crypt folder for the connection: cmdlets then work in plaintext names and bytes below it.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Register, "DropboxCryptFolder")]
[OutputType(typeof(DropboxCryptFolder))]
public sealed class RegisterDropboxCryptFolderCommand : DropboxCmdlet
{
    /// <summary>The Dropbox folder that holds the encrypted tree, e.g. /Vault (its own name is not encrypted).</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The Dropbox folder that holds the encrypted files, e.g. /Vault.")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "";

    /// <summary>The crypt password (rclone's "password"); a plain string is accepted too.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? Password { get; set; }

    /// <summary>The second password (rclone's "password2", the salt); without it rclone's default salt is used.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? Salt { get; set; }

    /// <summary>Standard (default), Obfuscate or Off, as rclone's filename_encryption.</summary>
    [Parameter]
    public CryptFilenameEncryption FilenameEncryption { get; set; } = CryptFilenameEncryption.Standard;

    /// <summary>Whether folder names are encrypted too (default $true), as rclone's directory_name_encryption.</summary>
    [Parameter]
    public bool DirectoryNameEncryption { get; set; } = true;

    /// <summary>Base32 (default), Base64 or Base32768, as rclone's filename_encoding.</summary>
    [Parameter]
    public CryptFilenameEncoding FilenameEncoding { get; set; } = CryptFilenameEncoding.Base32;

    /// <summary>Writes the registered folder to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var client = Client;
        Run(async (bridge, cancellationToken) =>
        {
            var root = DropboxPath.Normalize(Path);
            if (!root.StartsWith("/", StringComparison.Ordinal))
                throw new ArgumentException($"'{Path}' cannot be an encrypted folder: give a folder path such as /Vault (not the root, an id: or a rev:).");
            var password = Encoding.UTF8.GetBytes(SecureStringTransformationAttribute.Reveal(Password!));
            var salt = Salt is null ? null : Encoding.UTF8.GetBytes(SecureStringTransformationAttribute.Reveal(Salt));
            var keys = await Task.Run(() => CryptKeys.Derive(password, salt), cancellationToken).ConfigureAwait(false);
            Array.Clear(password, 0, password.Length);
            var folder = new CryptFolder(root, keys, FilenameEncryption, DirectoryNameEncryption, FilenameEncoding);
            connection.CryptFolders.Add(folder);
            var profile = connection.OAuth?.Profile;
            if (profile is not null) await connection.CryptFolders.SaveToAsync(profile, cancellationToken).ConfigureAwait(false);
            if (await CryptPaths.NoneDecryptAsync(client.Files, folder, cancellationToken).ConfigureAwait(false))
                bridge.WriteWarning($"No name in '{root}' decrypts with this password: check the password, the salt and the filename settings.");
            if (PassThru) await bridge.WriteObjectAsync(DropboxCryptFolder.From(folder, profile?.Name)).ConfigureAwait(false);
        }, Path);
    }
}
