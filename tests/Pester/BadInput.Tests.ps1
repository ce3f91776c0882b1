# The bad-input corpus: every case must end in an ErrorRecord with the expected category and a stable
# FullyQualifiedErrorId (prefix), never in an unhandled exception, a stack trace or a silent success.
# Ids from PowerShell's own parameter binding (ParameterArgumentValidationError...) are stable ids too.

BeforeDiscovery {
    $long = 'x' * 256
    $emojiLong = [string]::Concat([System.Linq.Enumerable]::Repeat([char]::ConvertFromUtf32(0x1F600), 128))
    $nfd = 'Caf' + 'e' + [char]0x0301

    # Paths every path-taking cmdlet must refuse as malformed (Dropbox's rules, dropbox-api-v2.md §3).
    $malformed = @(
        @{ Case = 'trailing slash'; Path = '/Corpus/folder/' }
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
    function Add-Case($Cmdlet, $Case, [hashtable]$Arguments, $Id, $Category, $Pipe, [switch]$Piped, [switch]$Disconnected) {
        $cases.Add(@{ Cmdlet = $Cmdlet; Case = $Case; Arguments = $Arguments; Id = $Id; Category = $Category; Pipe = $Pipe; Piped = [bool]$Piped; Disconnected = [bool]$Disconnected })
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
}

BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox
    $source = Join-Path $TestDrive 'corpus'
    New-TestFile -Path (Join-Path $source 'file.txt') -Size 10 | Out-Null
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/Corpus' } | Out-Null
    New-DropboxFolder /Corpus/folder, "/Corpus/Caf$([char]0xE9)" | Out-Null
}

Describe 'Bad input' {
    It '<Cmdlet>: <Case>' -ForEach $cases {
        $named = @{}
        $positional = @()
        foreach ($key in $Arguments.Keys) {
            $value = if ($Arguments[$key] -is [string] -and $Arguments[$key] -eq 'EMULATOR') { $Emulator.BaseUrl } else { $Arguments[$key] }
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
    }
}
