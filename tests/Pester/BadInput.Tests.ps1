# The bad-input corpus: every case must end in an ErrorRecord with the expected category and a stable
# FullyQualifiedErrorId (prefix), never in an unhandled exception, a stack trace or a silent success.
# Ids from PowerShell's own parameter binding (ParameterArgumentValidationError...) are stable ids too.

BeforeDiscovery {
    $long = 'x' * 256
    $emojiLong = [string]::Concat([System.Linq.Enumerable]::Repeat([char]::ConvertFromUtf32(0x1F600), 128))
    $nfd = 'Caf' + 'e' + [char]0x0301

    # Paths every path-taking cmdlet must refuse as malformed (Dropbox's rules, dropbox-api-v2.md §3).
    $malformed = @(
        @{ Case = 'two trailing slashes'; Path = '/Corpus/folder//' }
        @{ Case = 'trailing space'; Path = '/Corpus/folder ' }
        @{ Case = 'trailing tab'; Path = "/Corpus/folder`t" }
        @{ Case = 'trailing newline'; Path = "/Corpus/folder`n" }
        @{ Case = 'double slash'; Path = '/Corpus//folder' }
        @{ Case = 'dot segment'; Path = '/Corpus/./folder' }
        @{ Case = 'dot-dot segment'; Path = '/Corpus/../folder' }
        @{ Case = 'dot-dot as the whole path'; Path = '/..' }
        @{ Case = 'dot as the whole path'; Path = '/.' }
        @{ Case = 'middle segment ending in a space'; Path = '/Corpus /folder' }
        @{ Case = 'backslash in a name'; Path = '/Corpus\folder' }
        @{ Case = 'NUL in a name'; Path = "/Corpus/a$([char]0)b" }
        @{ Case = 'control character in a name'; Path = "/Corpus/a$([char]1)b" }
        @{ Case = 'DEL in a name'; Path = "/Corpus/a$([char]0x7f)b" }
        @{ Case = 'carriage return in a name'; Path = "/Corpus/a`rb" }
        @{ Case = 'name of 256 characters'; Path = "/Corpus/$long" }
        @{ Case = 'emoji name of 256 UTF-16 units'; Path = "/Corpus/$emojiLong" }
        @{ Case = 'NFD name ending in a space'; Path = "/Corpus/$nfd " }
    )
    $cases = [System.Collections.Generic.List[hashtable]]::new()
    # Arguments are splatted; -Pipe is piped in; -Disconnected runs the cmdlet with no connection. 'EMULATOR' stands for the emulator's URL.
    # -Target, when given, is the record's expected TargetObject (what the error is about).
    function Add-Case($Cmdlet, $Case, [hashtable]$Arguments, $Id, $Category, $Pipe, [switch]$Piped, [switch]$Disconnected, $Target) {
        $cases.Add(@{ Cmdlet = $Cmdlet; Case = $Case; Arguments = $Arguments; Id = $Id; Category = $Category; Pipe = $Pipe; Piped = [bool]$Piped; Disconnected = [bool]$Disconnected
                HasTarget = $PSBoundParameters.ContainsKey('Target'); Target = $Target })
    }

    foreach ($m in $malformed) {
        $p = $m.Path
        Add-Case 'Get-DropboxItem' $m.Case @{ Path = $p } 'PSDropbox.MalformedPath' 'InvalidArgument'
        Add-Case 'Get-DropboxChildItem' $m.Case @{ Path = $p } 'PSDropbox.MalformedPath' 'InvalidArgument'
        Add-Case 'New-DropboxFolder' $m.Case @{ Path = $p } 'PSDropbox.MalformedPath' 'InvalidArgument'
    }
    foreach ($surrogate in @(@{ Case = 'lone high surrogate'; Path = "/Corpus/a$([char]0xD800)b" }, @{ Case = 'lone low surrogate'; Path = "/Corpus/a$([char]0xDC00)" })) {
        $p = $surrogate.Path
        Add-Case 'Get-DropboxItem' $surrogate.Case @{ Path = $p } 'PSDropbox.MalformedPath' 'InvalidArgument'
        Add-Case 'Get-DropboxChildItem' $surrogate.Case @{ Path = $p } 'PSDropbox.MalformedPath' 'InvalidArgument'
        Add-Case 'New-DropboxFolder' $surrogate.Case @{ Path = $p } 'PSDropbox.MalformedPath' 'InvalidArgument'
    }

    # Arguments PowerShell's binder refuses before any request is made.
    foreach ($cmdlet in 'Get-DropboxItem', 'Get-DropboxChildItem', 'New-DropboxFolder') {
        $c = $cmdlet
        Add-Case $c 'empty path' @{ Path = '' } 'ParameterArgumentValidationError' 'InvalidData'
        Add-Case $c 'null path' @{ Path = $null } 'ParameterArgumentValidationError' 'InvalidData'
        Add-Case $c 'empty array of paths' @{ Path = @() } 'ParameterArgumentValidationError' 'InvalidData'
        Add-Case $c 'array holding an empty path' @{ Path = @('/Corpus/folder', '') } 'ParameterArgumentValidationError' 'InvalidData'
        Add-Case $c 'null from the pipeline' @{} 'ParameterArgumentValidationError' 'InvalidData' -Piped -Pipe ($null)
        Add-Case $c 'empty string from the pipeline' @{} 'ParameterArgumentValidationError' 'InvalidData' -Piped -Pipe ('')
        Add-Case $c 'unknown parameter' @{ Path = '/Corpus'; Recursive = $true } 'NamedParameterNotFound' 'InvalidArgument'
        Add-Case $c 'object with an empty Path property from the pipeline' @{} 'ParameterArgumentValidationError' 'InvalidData' -Piped -Pipe ([pscustomobject]@{ Path = '' })
        Add-Case $c 'not connected' @{ Path = '/Corpus/folder' } 'PSDropbox.NotConnected' 'AuthenticationError' -Disconnected
        Add-Case $c 'id: without an id' @{ Path = 'id:' } $(if ($c -eq 'New-DropboxFolder') { 'PSDropbox.BadRequest' } else { 'PSDropbox.MalformedPath' }) 'InvalidArgument'
        Add-Case $c 'rev: path too short' @{ Path = 'rev:12' } 'PSDropbox.BadRequest' 'InvalidArgument'
        Add-Case $c 'ns: path that is not a number' @{ Path = 'ns:abc/x' } 'PSDropbox.BadRequest' 'InvalidArgument'
    }

    # Lookups of things that are not there, or not what the cmdlet needs.
    Add-Case 'Get-DropboxItem' 'missing file' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'missing parent folder' @{ Path = '/Nowhere/child.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'relative path to a missing item' @{ Path = 'Corpus/missing' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'unknown id' @{ Path = 'id:AAAAAAAAAAAAAAAAAAAAAA' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'unknown rev' @{ Path = 'rev:0123456789abcdef' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'child of a file' @{ Path = '/Corpus/file.txt/child' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'number from the pipeline' @{} 'PSDropbox.PathNotFound' 'ObjectNotFound' -Piped -Pipe (42)
    Add-Case 'Get-DropboxItem' 'object without a Path from the pipeline' @{} 'PSDropbox.PathNotFound' 'ObjectNotFound' -Piped -Pipe ([pscustomobject]@{ Name = 'x' })
    Add-Case 'Get-DropboxItem' 'desktop.ini (never stored)' @{ Path = '/Corpus/desktop.ini' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxItem' 'emoji name that does not exist' @{ Path = "/Corpus/$([char]::ConvertFromUtf32(0x1F680))" } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxChildItem' 'a file, not a folder' @{ Path = '/Corpus/file.txt' } 'PSDropbox.NotAFolder' 'InvalidType'
    Add-Case 'Get-DropboxChildItem' 'missing folder' @{ Path = '/Corpus/missing' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxChildItem' 'missing folder, recursively' @{ Path = '/Corpus/missing'; Recurse = $true } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxChildItem' 'unknown id' @{ Path = 'id:AAAAAAAAAAAAAAAAAAAAAA' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxChildItem' 'page size 0' @{ Path = '/Corpus'; PageSize = 0 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Get-DropboxChildItem' 'page size 2001' @{ Path = '/Corpus'; PageSize = 2001 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Get-DropboxChildItem' 'negative page size' @{ Path = '/Corpus'; PageSize = -5 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Get-DropboxChildItem' 'page size that is not a number' @{ Path = '/Corpus'; PageSize = 'many' } 'CannotConvertArgument' 'InvalidArgument'
    Add-Case 'Get-DropboxChildItem' 'empty filter' @{ Path = '/Corpus'; Filter = '' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Get-DropboxChildItem' 'filter with an unclosed bracket' @{ Path = '/Corpus'; Filter = 'a[' } 'PSDropbox.InvalidFilter' 'InvalidArgument'

    # Writes that collide with what exists, or use names Dropbox refuses.
    Add-Case 'New-DropboxFolder' 'existing folder' @{ Path = '/Corpus/folder' } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'New-DropboxFolder' 'existing folder in another case' @{ Path = '/CORPUS/FOLDER' } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'New-DropboxFolder' 'NFD twin of an NFC folder' @{ Path = "/Corpus/$nfd" } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'New-DropboxFolder' 'existing file' @{ Path = '/Corpus/file.txt' } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'New-DropboxFolder' 'existing file even with -Force' @{ Path = '/Corpus/file.txt'; Force = $true } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'New-DropboxFolder' 'folder under a file' @{ Path = '/Corpus/file.txt/sub' } 'PSDropbox.ParentIsFile' 'ResourceExists'
    Add-Case 'New-DropboxFolder' 'the root' @{ Path = '/' } 'PSDropbox.BadRequest' 'InvalidArgument'
    Add-Case 'New-DropboxFolder' 'an id: path' @{ Path = 'id:AAAAAAAAAAAAAAAAAAAAAA' } 'PSDropbox.BadRequest' 'InvalidArgument'
    foreach ($name in 'desktop.ini', 'Desktop.INI', 'thumbs.db', '.DS_Store', '.dropbox', '.dropbox.attr') {
        $n = $name
        Add-Case 'New-DropboxFolder' "disallowed name $name" @{ Path = "/Corpus/$n" } 'PSDropbox.DisallowedName' 'InvalidArgument'
    }
    Add-Case 'New-DropboxFolder' 'disallowed name as a parent' @{ Path = '/Corpus/thumbs.db/child' } 'PSDropbox.DisallowedName' 'InvalidArgument'

    # Connecting with bad credentials or endpoints.
    Add-Case 'Connect-Dropbox' 'plain http off loopback' @{ AccessToken = 't'; ApiEndpoint = 'http://example.com' } 'PSDropbox.InsecureEndpoint' 'SecurityError'
    Add-Case 'Connect-Dropbox' 'plain http to a LAN address' @{ AccessToken = 't'; ApiEndpoint = 'http://192.168.1.10:8080' } 'PSDropbox.InsecureEndpoint' 'SecurityError'
    Add-Case 'Connect-Dropbox' 'ftp endpoint' @{ AccessToken = 't'; ApiEndpoint = 'ftp://127.0.0.1' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'relative endpoint' @{ AccessToken = 't'; ApiEndpoint = 'not a url' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'empty endpoint' @{ AccessToken = 't'; ApiEndpoint = '' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'null token' @{ AccessToken = $null } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Connect-Dropbox' 'empty token' @{ AccessToken = ''; ApiEndpoint = 'EMULATOR' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'blank token' @{ AccessToken = '   '; ApiEndpoint = 'EMULATOR' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'revoked or wrong token' @{ AccessToken = 'sl.wrong-token'; ApiEndpoint = 'EMULATOR' } 'PSDropbox.InvalidToken' 'AuthenticationError'
    Add-Case 'Connect-Dropbox' 'token with a line break' @{ AccessToken = "sl.abc`r`nX-Evil: 1"; ApiEndpoint = 'EMULATOR' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'token of the wrong type' @{ AccessToken = [datetime]::Now; ApiEndpoint = 'EMULATOR' } 'CannotConvertArgument' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'unknown parameter' @{ Token = 'abc' } 'NamedParameterNotFound' 'InvalidArgument'
    Add-Case 'Get-DropboxAccount' 'unexpected positional argument' @{ __positional = 'me' } 'PositionalParameterNotFound' 'InvalidArgument'
    Add-Case 'Get-DropboxAccount' 'unknown parameter' @{ Email = 'x' } 'NamedParameterNotFound' 'InvalidArgument'
    Add-Case 'Get-DropboxAccount' 'not connected' @{} 'PSDropbox.NotConnected' 'AuthenticationError' -Disconnected
    Add-Case 'Disconnect-Dropbox' 'unknown parameter' @{ Everything = $true } 'NamedParameterNotFound' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'unknown profile name' @{ Name = 'no-such-profile' } 'PSDropbox.ProfileNotFound' 'ObjectNotFound'
    Add-Case 'Connect-Dropbox' 'refresh token without an app key' @{ RefreshToken = 'r' } 'MissingMandatoryParameter' 'InvalidArgument'
    Add-Case 'Connect-Dropbox' 'port out of range' @{ AppKey = 'k'; Port = 70000 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Connect-Dropbox' 'a path root that is not Home, Root or a namespace id' @{ AccessToken = 'EMULATORTOKEN'; ApiEndpoint = 'EMULATOR'; PathRoot = 'banana' } 'PSDropbox.InvalidArgument' 'InvalidArgument' -Target 'banana'
    Add-Case 'Get-DropboxChildItem' 'a path root that is not Home, Root or a namespace id' @{ Path = '/Corpus'; PathRoot = 'banana' } 'PSDropbox.InvalidArgument' 'InvalidArgument' -Target 'banana'
    Add-Case 'Get-DropboxProfile' 'unknown profile name' @{ Name = 'no-such-profile' } 'PSDropbox.ProfileNotFound' 'ObjectNotFound'

    # Uploads. 'TESTDRIVE/...' stands for a path under $TestDrive: local.txt (a file) and localdir (a folder) exist.
    $emoji = [char]::ConvertFromUtf32(0x1F680)
    Add-Case 'Send-DropboxFile' 'missing local file' @{ Path = 'TESTDRIVE/missing.txt'; Destination = '/Corpus/' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound'
    Add-Case 'Send-DropboxFile' 'missing literal path with brackets' @{ LiteralPath = 'TESTDRIVE/missing[1].txt'; Destination = '/Corpus/' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound'
    Add-Case 'Send-DropboxFile' "missing local file with an emoji name" @{ LiteralPath = "TESTDRIVE/$emoji.txt"; Destination = '/Corpus/' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound'
    Add-Case 'Send-DropboxFile' 'a folder without -Recurse' @{ Path = 'TESTDRIVE/localdir'; Destination = '/Corpus/' } 'PSDropbox.FolderNeedsRecurse' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' 'destination with a trailing space' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/x.txt ' } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' 'destination with a dot-dot segment' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/../x.txt' } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' 'destination name of 256 characters' @{ Path = 'TESTDRIVE/local.txt'; Destination = "/Corpus/$long" } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' 'destination under a file' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/file.txt/x.txt' } 'PSDropbox.ParentIsFile' 'ResourceExists'
    Add-Case 'Send-DropboxFile' 'destination with a disallowed name' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/desktop.ini' } 'PSDropbox.DisallowedName' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' 'different content onto an existing file' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/file.txt' } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'Send-DropboxFile' '-Mode Update without -Rev' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/file.txt'; Mode = 'Update' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' '-Mode Update with a stale rev' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/file.txt'; Mode = 'Update'; Rev = '0123456789abcdef' } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'Send-DropboxFile' '-Mode Update with a malformed rev' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/file.txt'; Mode = 'Update'; Rev = 'zz' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Send-DropboxFile' 'unknown -Mode' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/'; Mode = 'Replace' } 'CannotConvertArgumentNoMessage' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' '-ChunkSize not a multiple of 4 MiB' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/'; ChunkSize = 5MB } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Send-DropboxFile' '-ChunkSize 0' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/'; ChunkSize = 0 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Send-DropboxFile' 'empty path' @{ Path = ''; Destination = '/Corpus/' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Send-DropboxFile' 'empty destination' @{ Path = 'TESTDRIVE/local.txt'; Destination = '' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Send-DropboxFile' 'number from the pipeline' @{ Destination = '/Corpus/' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound' -Piped -Pipe (42)
    Add-Case 'Send-DropboxFile' 'not connected' @{ Path = 'TESTDRIVE/local.txt'; Destination = '/Corpus/' } 'PSDropbox.NotConnected' 'AuthenticationError' -Disconnected

    # Downloads.
    Add-Case 'Receive-DropboxFile' 'missing remote file' @{ Path = '/Corpus/missing.txt'; Destination = 'TESTDRIVE/down' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Receive-DropboxFile' 'a folder without -Recurse' @{ Path = '/Corpus/folder'; Destination = 'TESTDRIVE/down' } 'PSDropbox.FolderNeedsRecurse' 'InvalidArgument'
    Add-Case 'Receive-DropboxFile' 'existing local file without -Force' @{ Path = '/Corpus/file.txt'; Destination = 'TESTDRIVE/local.txt' } 'PSDropbox.LocalFileExists' 'ResourceExists'
    Add-Case 'Receive-DropboxFile' 'local destination under a file' @{ Path = '/Corpus/file.txt'; Destination = 'TESTDRIVE/local.txt/sub/file.txt' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound'
    Add-Case 'Receive-DropboxFile' 'remote path ending with //' @{ Path = '/Corpus/file.txt//'; Destination = 'TESTDRIVE/down' } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Receive-DropboxFile' 'malformed -Rev' @{ Path = '/Corpus/file.txt'; Destination = 'TESTDRIVE/down'; Rev = 'zz' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Receive-DropboxFile' 'unknown -Rev' @{ Path = '/Corpus/file.txt'; Destination = 'TESTDRIVE/down'; Rev = '0123456789abcdef' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Receive-DropboxFile' 'empty destination' @{ Path = '/Corpus/file.txt'; Destination = '' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Receive-DropboxFile' 'object without a Path from the pipeline' @{ Destination = 'TESTDRIVE/down' } 'PSDropbox.PathNotFound' 'ObjectNotFound' -Piped -Pipe ([pscustomobject]@{ Name = 'x' })
    Add-Case 'Receive-DropboxFile' 'not connected' @{ Path = '/Corpus/file.txt'; Destination = 'TESTDRIVE/down' } 'PSDropbox.NotConnected' 'AuthenticationError' -Disconnected

    # Copy, move, rename, remove.
    foreach ($cmdlet in 'Copy-DropboxItem', 'Move-DropboxItem') {
        $c = $cmdlet
        Add-Case $c 'missing source' @{ Path = '/Corpus/missing.txt'; Destination = '/Corpus/elsewhere.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
        Add-Case $c 'destination with a trailing space' @{ Path = '/Corpus/file.txt'; Destination = '/Corpus/x.txt ' } 'PSDropbox.MalformedPath' 'InvalidArgument'
        Add-Case $c 'a folder into itself' @{ Path = '/Corpus/folder'; Destination = '/Corpus/folder/sub' } 'PSDropbox.CantMoveIntoItself' 'InvalidArgument'
        Add-Case $c 'destination under a file' @{ Path = '/Corpus/folder'; Destination = '/Corpus/file.txt/sub' } 'PSDropbox.ParentIsFile' 'ResourceExists'
        Add-Case $c 'destination with a disallowed name' @{ Path = '/Corpus/file.txt'; Destination = '/Corpus/thumbs.db' } 'PSDropbox.DisallowedName' 'InvalidArgument'
        Add-Case $c 'empty source' @{ Path = ''; Destination = '/Corpus/x' } 'ParameterArgumentValidationError' 'InvalidData'
        Add-Case $c 'not connected' @{ Path = '/Corpus/file.txt'; Destination = '/Corpus/x.txt' } 'PSDropbox.NotConnected' 'AuthenticationError' -Disconnected
    }
    Add-Case 'Rename-DropboxItem' 'new name with a slash' @{ Path = '/Corpus/file.txt'; NewName = 'a/b.txt' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Rename-DropboxItem' 'new name ..' @{ Path = '/Corpus/file.txt'; NewName = '..' } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Rename-DropboxItem' 'empty new name' @{ Path = '/Corpus/file.txt'; NewName = '' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Rename-DropboxItem' 'new name of an existing sibling' @{ Path = '/Corpus/file.txt'; NewName = 'folder' } 'PSDropbox.Conflict' 'ResourceExists'
    Add-Case 'Rename-DropboxItem' 'disallowed new name' @{ Path = '/Corpus/file.txt'; NewName = 'desktop.ini' } 'PSDropbox.DisallowedName' 'InvalidArgument'
    Add-Case 'Rename-DropboxItem' 'new name ending in a space' @{ Path = '/Corpus/file.txt'; NewName = 'x.txt ' } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Rename-DropboxItem' 'missing item' @{ Path = '/Corpus/missing.txt'; NewName = 'x.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Remove-DropboxItem' 'missing item' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Remove-DropboxItem' 'stale -Rev' @{ Path = '/Corpus/file.txt'; Rev = '0123456789abcdef' } 'PSDropbox.RevisionMismatch' 'InvalidOperation'
    Add-Case 'Remove-DropboxItem' 'malformed -Rev' @{ Path = '/Corpus/file.txt'; Rev = 'zz' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Remove-DropboxItem' 'the root' @{ Path = '/' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Remove-DropboxItem' 'dot-dot segment' @{ Path = '/Corpus/../file.txt' } 'PSDropbox.MalformedPath' 'InvalidArgument'

    # Revisions.
    Add-Case 'Get-DropboxRevision' 'a folder' @{ Path = '/Corpus/folder' } 'PSDropbox.NotAFile' 'InvalidType'
    Add-Case 'Get-DropboxRevision' 'missing file' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxRevision' '-Limit 0' @{ Path = '/Corpus/file.txt'; Limit = 0 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Get-DropboxRevision' 'unknown -Mode' @{ Path = '/Corpus/file.txt'; Mode = 'Hash' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Restore-DropboxItem' 'malformed -Rev' @{ Path = '/Corpus/file.txt'; Rev = 'zz' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Restore-DropboxItem' 'unknown -Rev' @{ Path = '/Corpus/file.txt'; Rev = '0123456789abcdef' } 'PSDropbox.InvalidRevision' 'ObjectNotFound'

    # Search.
    Add-Case 'Search-DropboxItem' 'blank query' @{ Query = '   ' } 'PSDropbox.InvalidArgument' 'InvalidArgument' -Target '   '
    Add-Case 'Search-DropboxItem' 'empty query' @{ Query = '' } 'PSDropbox.InvalidArgument' 'InvalidArgument' -Target ''
    Add-Case 'Search-DropboxItem' 'empty query from the pipeline' @{} 'PSDropbox.InvalidArgument' 'InvalidArgument' -Piped -Pipe ('') -Target ''
    Add-Case 'Search-DropboxItem' 'null query' @{ Query = $null } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Search-DropboxItem' 'missing scope folder' @{ Query = 'x'; Path = '/Corpus/missing' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Search-DropboxItem' 'scope ending with //' @{ Query = 'x'; Path = '/Corpus//' } 'PSDropbox.MalformedPath' 'InvalidArgument'
    Add-Case 'Search-DropboxItem' '-First 0' @{ Query = 'x'; First = 0 } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Search-DropboxItem' 'unknown -Category' @{ Query = 'x'; Category = 'Spaceship' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Search-DropboxItem' 'not connected' @{ Query = 'x' } 'PSDropbox.NotConnected' 'AuthenticationError' -Disconnected

    # Links, thumbnails, copy references.
    Add-Case 'Get-DropboxTemporaryLink' 'a folder' @{ Path = '/Corpus/folder' } 'PSDropbox.NotAFile' 'InvalidType'
    Add-Case 'Get-DropboxTemporaryLink' 'missing file' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Save-DropboxThumbnail' 'a text file' @{ Path = '/Corpus/file.txt'; Destination = 'TESTDRIVE/thumbs' } 'PSDropbox.UnsupportedExtension' 'InvalidType'
    Add-Case 'Save-DropboxThumbnail' 'missing image' @{ Path = '/Corpus/missing.jpg'; Destination = 'TESTDRIVE/thumbs' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Save-DropboxThumbnail' 'unknown -Size' @{ Path = '/Corpus/file.txt'; Size = 'w1h1' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Save-DropboxThumbnail' 'unknown -Format' @{ Path = '/Corpus/file.txt'; Format = 'Gif' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'New-DropboxSharedLink' 'expiry in the past' @{ Path = '/Corpus/file.txt'; Expires = [datetime]'2001-01-01' } 'PSDropbox.InvalidSharedLinkSettings' 'InvalidArgument'
    Add-Case 'New-DropboxSharedLink' 'missing item' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'New-DropboxSharedLink' 'expiry that is not a date' @{ Path = '/Corpus/file.txt'; Expires = 'tomorrowish' } 'CannotConvertArgumentNoMessage' 'InvalidArgument'
    Add-Case 'Get-DropboxSharedLink' 'missing item' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Remove-DropboxSharedLink' 'a URL that is not a shared link' @{ Url = 'https://example.com/x' } 'PSDropbox.MalformedSharedLink' 'InvalidArgument'
    Add-Case 'Remove-DropboxSharedLink' 'a shared link that does not exist' @{ Url = 'https://www.dropbox.com/scl/fi/abcdefghijklmnop/x.txt?rlkey=abc&dl=0' } 'PSDropbox.SharedLinkNotFound' 'ObjectNotFound'
    Add-Case 'Remove-DropboxSharedLink' 'empty URL' @{ Url = '' } 'ParameterArgumentValidationError' 'InvalidData'
    Add-Case 'Get-DropboxCopyReference' 'missing item' @{ Path = '/Corpus/missing.txt' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Save-DropboxCopyReference' 'unknown reference' @{ CopyReference = 'AAAAAAAAAAAAAAAA'; Destination = '/Corpus/saved.txt' } 'PSDropbox.InvalidCopyReference' 'InvalidArgument'
    Add-Case 'Save-DropboxCopyReference' 'empty reference' @{ CopyReference = ''; Destination = '/Corpus/saved.txt' } 'ParameterArgumentValidationError' 'InvalidData'

    # Sync and compare: a local folder that is missing, or a file, is named as the target (not the Dropbox folder).
    foreach ($cmdlet in 'Sync-DropboxFolder', 'Compare-DropboxFolder') {
        $c = $cmdlet
        Add-Case $c 'missing local folder' @{ LocalPath = 'TESTDRIVE/missing-folder'; RemotePath = '/Corpus/synced'; Direction = 'Upload' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound' -Target 'TESTDRIVE/missing-folder'
        Add-Case $c 'a local file as the folder to upload' @{ LocalPath = 'TESTDRIVE/local.txt'; RemotePath = '/Corpus/synced'; Direction = 'Upload' } 'PSDropbox.NotAFolder' 'InvalidType' -Target 'TESTDRIVE/local.txt'
        Add-Case $c 'a local file as the folder to download into' @{ LocalPath = 'TESTDRIVE/local.txt'; RemotePath = '/Corpus'; Direction = 'Download' } 'PSDropbox.NotAFolder' 'InvalidType' -Target 'TESTDRIVE/local.txt'
    }

    # Changes.
    Add-Case 'Get-DropboxChange' 'missing folder' @{ Path = '/Corpus/missing' } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Get-DropboxChange' 'a file' @{ Path = '/Corpus/file.txt' } 'PSDropbox.NotAFolder' 'InvalidType'
    Add-Case 'Get-DropboxChange' 'a cursor that is not one' @{ Path = '/Corpus'; Cursor = 'not-a-cursor' } 'PSDropbox.BadRequest' 'InvalidArgument'
    Add-Case 'Get-DropboxChange' 'a state file that is not one' @{ Path = '/Corpus'; StateFile = 'TESTDRIVE/local.txt' } 'PSDropbox.InvalidStateFile' 'InvalidData'
    Add-Case 'Get-DropboxChange' '-Latest with -Cursor' @{ Path = '/Corpus'; Latest = $true; Cursor = 'c' } 'AmbiguousParameterSet' 'InvalidArgument'
    Add-Case 'Watch-DropboxChange' 'missing folder' @{ Path = '/Corpus/missing'; Timeout = 5 } 'PSDropbox.PathNotFound' 'ObjectNotFound'
    Add-Case 'Watch-DropboxChange' 'a file' @{ Path = '/Corpus/file.txt'; Timeout = 5 } 'PSDropbox.NotAFolder' 'InvalidType'
    Add-Case 'Watch-DropboxChange' 'negative timeout' @{ Path = '/Corpus'; Timeout = -1 } 'ParameterArgumentValidationError' 'InvalidData'

    # Raw calls.
    Add-Case 'Invoke-DropboxApi' 'argument that is not JSON' @{ Route = 'files/get_metadata'; Argument = '{ path: ' } 'PSDropbox.InvalidArgument' 'InvalidArgument'
    Add-Case 'Invoke-DropboxApi' 'unknown route' @{ Route = 'files/no_such_route'; Argument = @{} } 'PSDropbox.BadRequest' 'InvalidArgument' -Target 'files/no_such_route'
    # A Dropbox error names the path of the argument it is about, not the route.
    Add-Case 'Invoke-DropboxApi' 'metadata of a missing path' @{ Route = 'files/get_metadata'; Argument = @{ path = '/Corpus/missing.txt' } } 'PSDropbox.PathNotFound' 'ObjectNotFound' -Target '/Corpus/missing.txt'
    Add-Case 'Invoke-DropboxApi' 'delete of a missing path' @{ Route = 'files/delete_v2'; Argument = @{ path = '/Corpus/missing.txt' } } 'PSDropbox.PathNotFound' 'ObjectNotFound' -Target '/Corpus/missing.txt'
    Add-Case 'Invoke-DropboxApi' 'move of a missing source' @{ Route = 'files/move_v2'; Argument = @{ from_path = '/Corpus/missing.txt'; to_path = '/Corpus/moved.txt' } } 'PSDropbox.PathNotFound' 'ObjectNotFound' -Target '/Corpus/missing.txt'
    Add-Case 'Invoke-DropboxApi' 'copy onto an existing folder' @{ Route = 'files/copy_v2'; Argument = @{ from_path = '/Corpus/file.txt'; to_path = '/Corpus/folder' } } 'PSDropbox.Conflict' 'ResourceExists' -Target '/Corpus/folder'
    Add-Case 'Invoke-DropboxApi' 'a Dropbox refusal without a path' @{ Route = 'files/search_v2'; Argument = @{ query = '   ' } } 'PSDropbox.InvalidArgument' 'InvalidArgument' -Target 'files/search_v2'
    Add-Case 'Invoke-DropboxApi' 'argument Dropbox refuses' @{ Route = 'files/get_metadata'; Argument = @{ path = 'no-slash' } } 'PSDropbox.BadRequest' 'InvalidArgument'
    Add-Case 'Invoke-DropboxApi' 'missing -InFile' @{ Route = 'files/upload'; Argument = @{ path = '/Corpus/raw.txt' }; InFile = 'TESTDRIVE/missing.bin' } 'PSDropbox.LocalPathNotFound' 'ObjectNotFound'
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox
    $source = Join-Path $TestDrive 'corpus'
    New-TestFile -Path (Join-Path $source 'file.txt') -Size 10 | Out-Null
    New-TestFile -Path (Join-Path $TestDrive 'local.txt') -Size 20 -Seed 5 | Out-Null
    New-TestFile -Path (Join-Path $TestDrive 'localdir/inside.txt') -Size 5 | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/Corpus' } | Out-Null
    New-DropboxFolder /Corpus/folder, "/Corpus/Caf$([char]0xE9)" | Out-Null
}

Describe 'Bad input' {
    It '<Cmdlet>: <Case>' -ForEach $cases {
        $named = @{}
        $positional = @()
        foreach ($key in $Arguments.Keys) {
            $value = $Arguments[$key]
            if ($value -is [string] -and $value -eq 'EMULATOR') { $value = $Emulator.BaseUrl }
            elseif ($value -is [string] -and $value -eq 'EMULATORTOKEN') { $value = $Emulator.AccessToken }
            elseif ($value -is [string] -and $value.StartsWith('TESTDRIVE/')) { $value = Join-Path $TestDrive $value.Substring(10) }
            if ($key -eq '__positional') { $positional += $value } else { $named[$key] = $value }
        }
        $record = $null
        $output = $null
        if ($Disconnected) { Disconnect-Dropbox }
        try {
            $ErrorActionPreference = 'Stop'
            $output = if ($Piped) { $Pipe | & $Cmdlet @named @positional } else { & $Cmdlet @named @positional }
        }
        catch { $record = $_ }
        finally {
            $ErrorActionPreference = 'Continue'
            if ($Disconnected) { Connect-TestDropbox }
        }

        $record | Should -Not -BeNullOrEmpty -Because "bad input must be refused (output was: $output)"
        $record | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $record.FullyQualifiedErrorId | Should -BeLike "$Id*"
        "$($record.CategoryInfo.Category)" | Should -Be $Category
        # A person reads the message: no stack trace, no bare .NET exception type names.
        "$record" | Should -Not -Match '(?m)^\s+at |\bSystem\.[A-Za-z.]+Exception\b|NullReference|Object reference not set'
        "$record" | Should -Not -Match ([regex]::Escape($Emulator.AccessToken))
        # One full stop ends a sentence, never two (a '..' path segment is not one).
        "$record" | Should -Not -Match '(?<![./])\.\.(?=\s|$)'
        if ($HasTarget) {
            $expected = if ($Target -is [string] -and $Target.StartsWith('TESTDRIVE/')) { Join-Path $TestDrive $Target.Substring(10) } else { $Target }
            $record.TargetObject | Should -BeExactly $expected
        }
        # catch { Log $_.Exception.Message } logs the same sentence.
        if ($record.Exception -is [PSDropbox.Client.DropboxException]) { $record.Exception.Message | Should -BeExactly "$record" }
    }
}

Describe 'Error messages' {
    It 'Exception.Message is the sentence a person reads; the raw Dropbox summary stays on the exception' {
        try { Get-DropboxItem /Corpus/missing.txt -ErrorAction Stop } catch { $record = $_ }
        $record.Exception.Message | Should -BeExactly "'/Corpus/missing.txt' was not found in Dropbox. (Dropbox: path/not_found)"
        $record.ErrorDetails.Message | Should -BeExactly $record.Exception.Message
        $record.Exception.Summary | Should -BeLike 'files/get_metadata failed: path/not_found/*'
        $record.Exception.ErrorSummary | Should -BeLike 'path/not_found/*'
        $record.Exception.Kind | Should -Be 'NotFound'
    }

    It 'is the same sentence for an entry of a batch call' {
        Remove-DropboxItem /Corpus/gone1.txt, /Corpus/gone2.txt -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 2
        $failures[0].Exception.Message | Should -BeExactly "$($failures[0])"
        $failures[0].Exception.Message | Should -Match "^'/Corpus/gone1.txt' was not found"
        $failures[0].Exception.Summary | Should -Match 'not_found'
    }

    It 'Invoke-DropboxApi names the path of the argument the error is about, not the route' {
        $record = { Invoke-DropboxApi files/get_metadata @{ path = '/Corpus/nope' } -ErrorAction Stop } | Should -Throw -PassThru
        "$record" | Should -BeExactly "'/Corpus/nope' was not found in Dropbox. (Dropbox: path/not_found)"
        $record.TargetObject | Should -BeExactly '/Corpus/nope'
        $record = { Invoke-DropboxApi files/copy_v2 @{ from_path = '/Corpus/file.txt'; to_path = '/Corpus/folder' } -ErrorAction Stop } | Should -Throw -PassThru
        "$record" | Should -BeExactly "'/Corpus/folder' conflicts with an item that already exists. (Dropbox: to/conflict/folder)"
        $record = { Invoke-DropboxApi files/move_v2 @{ from_path = '/Corpus/nope'; to_path = '/Corpus/moved' } -ErrorAction Stop } | Should -Throw -PassThru
        "$record" | Should -BeExactly "'/Corpus/nope' was not found in Dropbox. (Dropbox: from_lookup/not_found)"
    }

    It 'ends Dropbox''s own sentence with one full stop' {
        $record = { Invoke-DropboxApi files/search_v2 @{ query = '   ' } -ErrorAction Stop } | Should -Throw -PassThru
        "$record" | Should -BeExactly "Dropbox rejected the argument for 'files/search_v2': The search query must not be empty. (Dropbox: invalid_argument)"
    }

    It 'is the same sentence when the command stops (terminating errors)' {
        $record = { Invoke-DropboxApi files/get_metadata @{ path = '/Corpus/missing.txt' } -ErrorAction Stop } | Should -Throw -PassThru
        $record.Exception.Message | Should -BeExactly "$record"
        $record.Exception.Message | Should -Not -Match '^files/get_metadata failed'
    }
}
