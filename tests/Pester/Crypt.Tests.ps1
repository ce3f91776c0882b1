BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    # Two connections to the same account: $Raw sees the stored (encrypted) names and bytes, the current one has /Vault registered.
    $script:Raw = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru
    Connect-TestDropbox

    # rclone (Debian's 1.60) with a crypt remote "vault:" over a local folder, configured through the environment.
    function Invoke-Rclone {
        [CmdletBinding(PositionalBinding = $false)]
        param([Parameter(Mandatory)][string]$Encrypted, [string]$Password = 'potato', [string]$Salt = 'pepper', [Parameter(ValueFromRemainingArguments)][string[]]$Arguments)
        $env:RCLONE_CONFIG_VAULT_TYPE = 'crypt'
        $env:RCLONE_CONFIG_VAULT_REMOTE = $Encrypted
        $env:RCLONE_CONFIG_VAULT_PASSWORD = (& rclone obscure $Password)
        $env:RCLONE_CONFIG_VAULT_PASSWORD2 = (& rclone obscure $Salt)
        try {
            $output = & rclone @Arguments --config /dev/null 2>&1
            if ($LASTEXITCODE -ne 0) { throw "rclone $Arguments exited with $LASTEXITCODE`: $output" }
            $output
        }
        finally { Remove-Item Env:RCLONE_CONFIG_VAULT_* }
    }
    function New-Tree([string]$Root) {
        $files = [ordered]@{
            'empty.txt' = 0; 'one.bin' = 1; 'block.bin' = 64KB; 'block+1.bin' = 64KB + 1; 'Ünïcødé ✓ 名前.txt' = 100
            'docs/report.txt' = 1000; 'docs/deeper/several.bin' = 9MB + 17
        }
        $seed = 1
        foreach ($entry in $files.GetEnumerator()) {
            $path = Join-Path $Root $entry.Key
            [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($path)) | Out-Null
            New-TestFile -Path $path -Size $entry.Value -Seed ($seed++) | Out-Null
        }
        $files
    }
    function Get-TreeHashes([string]$Root) {
        $hashes = @{}
        foreach ($file in Get-ChildItem -LiteralPath $Root -Recurse -File) {
            $hashes[[System.IO.Path]::GetRelativePath($Root, $file.FullName).Replace('\', '/')] = (Get-FileHash -LiteralPath $file.FullName).Hash
        }
        $hashes
    }
}

Describe 'Register-DropboxCryptFolder, Get-DropboxCryptFolder, Unregister-DropboxCryptFolder' {
    AfterEach { Get-DropboxCryptFolder | Unregister-DropboxCryptFolder }

    It 'registers a folder on the connection and shows how names are written, never a password' {
        $folder = Register-DropboxCryptFolder -Path /Reg -Password 'hunter2-secret' -Salt 'salt-secret' -FilenameEncoding Base64 -DirectoryNameEncryption $false -PassThru
        $folder | Should -BeOfType ([PSDropbox.DropboxCryptFolder])
        $listed = @(Get-DropboxCryptFolder)
        $listed | Should -HaveCount 1
        $listed[0].Path | Should -BeExactly '/Reg'
        $listed[0].FilenameEncryption | Should -Be 'Standard'
        $listed[0].FilenameEncoding | Should -Be 'Base64'
        $listed[0].DirectoryNameEncryption | Should -BeFalse
        $text = ($listed[0] | Format-List * | Out-String) + ($listed[0] | ConvertTo-Json)
        $text | Should -Not -Match 'hunter2|salt-secret'
        @(Get-DropboxCryptFolder -Connection $Raw) | Should -HaveCount 0
    }

    It 'refuses a folder inside another, the root, and forgetting one that is not registered' {
        Register-DropboxCryptFolder -Path /Outer -Password p
        { Register-DropboxCryptFolder -Path /Outer/Inner -Password p } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        { Register-DropboxCryptFolder -Path / -Password p } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        $record = { Unregister-DropboxCryptFolder -Path /Nowhere -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.CryptFolderNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Unregister-DropboxCryptFolder -Path /OUTER
        @(Get-DropboxCryptFolder) | Should -HaveCount 0
    }

    It 'keeps the folder in a stored profile, owner-only and without the password, until it is unregistered' {
        $global:PSDropboxProfilePath = [System.IO.Path]::Combine($TestDrive, 'config', 'profiles')
        try {
            $app = New-TestOAuthApp
            $tokens = New-TestRefreshToken -AppKey $app
            $c = Connect-Dropbox -AppKey $app -RefreshToken $tokens.refresh_token -ApiEndpoint $Emulator.BaseUrl -Name vaulted -Scope CurrentUser -PassThru
            (Register-DropboxCryptFolder -Path /Kept -Password 'kept-password' -Connection $c -PassThru).Profile | Should -Be 'vaulted'
            $file = [System.IO.Path]::Combine($global:PSDropboxProfilePath, 'vaulted.json')
            [System.IO.File]::GetUnixFileMode($file) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
            $json = Get-Content -Raw $file
            $json | Should -Match '"/Kept"'
            $json | Should -Not -Match 'kept-password'

            $again = Connect-Dropbox -Name vaulted -PassThru
            (Get-DropboxCryptFolder -Connection $again).Path | Should -BeExactly '/Kept'
            Unregister-DropboxCryptFolder -Path /Kept -Connection $again
            Get-Content -Raw $file | Should -Not -Match '/Kept'
            @(Get-DropboxCryptFolder -Connection (Connect-Dropbox -Name vaulted -PassThru)) | Should -HaveCount 0
        }
        finally {
            Disconnect-Dropbox -Name vaulted -ErrorAction SilentlyContinue
            $global:PSDropboxProfilePath = $null
            Connect-TestDropbox
        }
    }
}

Describe 'The plaintext view of a folder rclone wrote' {
    BeforeAll {
        $script:Plain = Join-Path $TestDrive 'rclone-plain'
        $script:Encrypted = Join-Path $TestDrive 'rclone-encrypted'
        $script:Tree = New-Tree $Plain
        Invoke-Rclone -Encrypted $Encrypted copy $Plain vault: | Out-Null
        Send-DropboxFile -Path (Join-Path $Encrypted '*') -Destination /FromRclone/ -Recurse -Connection $Raw
        Register-DropboxCryptFolder -Path /FromRclone -Password potato -Salt pepper
    }
    AfterAll { Unregister-DropboxCryptFolder -Path /FromRclone }

    It 'lists decrypted names and plaintext sizes, recursively and with -Filter' {
        $items = @(Get-DropboxChildItem /FromRclone -Recurse)
        $files = @($items | Where-Object { $_ -is [PSDropbox.DropboxFile] })
        $files | Should -HaveCount $Tree.Count
        foreach ($f in $files) {
            $relative = $f.Path.Substring('/FromRclone/'.Length)
            $Tree.Contains($relative) | Should -BeTrue -Because "$relative was written by rclone"
            $f.Length | Should -Be $Tree[$relative]
        }
        ($items | Where-Object { $_ -is [PSDropbox.DropboxFolder] }).Path | Sort-Object | Should -Be @('/FromRclone/docs', '/FromRclone/docs/deeper')
        (Get-DropboxChildItem /FromRclone/docs -Filter *.txt).Name | Should -BeExactly 'report.txt'
        @(Get-DropboxChildItem /FromRclone -Connection $Raw | Where-Object Name -EQ 'docs') | Should -HaveCount 0
    }

    It 'gets an item by its plaintext path' {
        $item = Get-DropboxItem '/FromRclone/Ünïcødé ✓ 名前.txt'
        $item.Name | Should -BeExactly 'Ünïcødé ✓ 名前.txt'
        $item.Length | Should -Be 100
        (Get-DropboxItem /FromRclone/docs/deeper) | Should -BeOfType ([PSDropbox.DropboxFolder])
        { Get-DropboxItem /FromRclone/missing.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'lists a name that does not decrypt under its stored name, with a warning' {
        Set-DropboxContent -Path /FromRclone/not-encrypted.txt -Value 'plain' -Connection $Raw
        $items = @(Get-DropboxChildItem /FromRclone -WarningVariable warnings -WarningAction SilentlyContinue)
        $items.Name | Should -Contain 'not-encrypted.txt'
        $items.Name | Should -Contain 'docs'
        @($warnings) | Should -HaveCount 1
        "$($warnings[0])" | Should -Match 'not-encrypted\.txt.*does not decrypt'
        Remove-DropboxItem /FromRclone/not-encrypted.txt -Connection $Raw -Confirm:$false
    }

    It 'downloads the tree rclone wrote: names and bytes equal' {
        $back = (New-Item -ItemType Directory (Join-Path $TestDrive 'from-rclone-back')).FullName
        Receive-DropboxFile -Path /FromRclone -Destination $back -Recurse
        $got = Get-TreeHashes (Join-Path $back 'FromRclone')
        $want = Get-TreeHashes $Plain
        $got.Keys | Sort-Object | Should -Be ($want.Keys | Sort-Object)
        foreach ($key in $want.Keys) { $got[$key] | Should -Be $want[$key] -Because $key }
    }

    It 'refuses a tampered block: PSDropbox.DecryptionFailed, no local file' {
        $name = 'tampered.bin'
        $stored = (Invoke-Rclone -Encrypted $Encrypted cryptdecode --reverse vault: $name) -split '\s+' | Select-Object -Last 1
        $source = Get-ChildItem -LiteralPath $Encrypted -File | Where-Object Length -EQ (32 + 65552 + 17) | Select-Object -First 1   # block+1.bin
        $bytes = [System.IO.File]::ReadAllBytes($source.FullName)
        $bytes[32 + 65552 + 16] = $bytes[32 + 65552 + 16] -bxor 1   # the first byte of block 1's ciphertext
        $local = Join-Path $TestDrive $stored
        [System.IO.File]::WriteAllBytes($local, $bytes)
        Send-DropboxFile -Path $local -Destination "/FromRclone/$stored" -Connection $Raw
        $target = Join-Path $TestDrive 'tampered-back.bin'
        $record = { Receive-DropboxFile -Path "/FromRclone/$name" -Destination $target -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.DecryptionFailed,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidData'
        "$record" | Should -Match 'Block 1 does not authenticate'
        Test-Path $target | Should -BeFalse
        Test-Path "$target.psdropbox-partial" | Should -BeFalse
        Remove-DropboxItem -Path "/FromRclone/$stored" -Confirm:$false -Connection $Raw
    }

    It 'with a wrong password: errors that say so, no local file' {
        $wrong = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        Register-DropboxCryptFolder -Path /FromRclone -Password 'not-potato' -Salt pepper -Connection $wrong -WarningAction SilentlyContinue
        $target = Join-Path $TestDrive 'wrong-password'
        Receive-DropboxFile -Path /FromRclone -Destination $target -Recurse -Connection $wrong -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($failures).Count | Should -Be ($Tree.Count + 2) -Because 'every file and both folders fail'
        $failures | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'PSDropbox.DecryptionFailed,*'; "$_" | Should -Match 'password' }
        @(Get-ChildItem -LiteralPath $target -Recurse -File -ErrorAction SilentlyContinue) | Should -HaveCount 0
        Connect-TestDropbox
    }

    It 'with a wrong password, a plaintext path is a DecryptionFailed error that says so, not "not found"' {
        $wrong = Connect-Dropbox -AccessToken $Emulator.AccessToken -ApiEndpoint $Emulator.BaseUrl -PassThru
        Register-DropboxCryptFolder -Path /FromRclone -Password 'not-potato' -Salt pepper -Connection $wrong -WarningAction SilentlyContinue
        $name = @($Tree.Keys | Where-Object { $_ -notmatch '/' })[0]
        $target = Join-Path $TestDrive 'wrong-password-file'
        foreach ($command in { Receive-DropboxFile -Path "/FromRclone/$name" -Destination $target -Connection $wrong -ErrorAction Stop },
            { Get-DropboxItem -Path "/FromRclone/$name" -Connection $wrong -ErrorAction Stop },
            { Get-DropboxContent -Path "/FromRclone/$name" -Connection $wrong -ErrorAction Stop }) {
            $record = $command | Should -Throw -ErrorId 'PSDropbox.DecryptionFailed,*' -PassThru
            $record.CategoryInfo.Category | Should -Be 'InvalidData'
            $record.TargetObject | Should -Be "/FromRclone/$name"
            "$record" | Should -Match "no name in the encrypted folder '/FromRclone' decrypts with its password"
        }
        Test-Path $target | Should -BeFalse
        { Get-DropboxItem -Path /FromRclone/no-such-file -Connection $Raw -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -Because 'outside the encrypted view a missing path stays not found'
        Connect-TestDropbox
    }

    It 'warns at registration when no name decrypts with the password' {
        Register-DropboxCryptFolder -Path /FromRclone -Password wrong -Salt pepper -WarningVariable warnings -WarningAction SilentlyContinue
        "$warnings" | Should -Match 'No name in .*/FromRclone.* decrypts'
        Register-DropboxCryptFolder -Path /FromRclone -Password potato -Salt pepper -WarningVariable right -WarningAction SilentlyContinue
        @($right) | Should -HaveCount 0
    }
}

Describe 'A tree the module writes, read by rclone' {
    BeforeAll {
        Register-DropboxCryptFolder -Path /Made -Password potato -Salt pepper
        $script:Source = Join-Path $TestDrive 'tree'
        $script:Written = New-Tree $Source
        $script:Sent = @(Send-DropboxFile -Path $Source -Destination /Made -Recurse -ChunkSize 4MB -PassThru)
        $script:RawCopy = (New-Item -ItemType Directory (Join-Path $TestDrive 'made-raw')).FullName
        Receive-DropboxFile -Path /Made -Destination $RawCopy -Recurse -Connection $Raw
        $script:Stored = Join-Path $RawCopy 'Made'
    }
    AfterAll { Unregister-DropboxCryptFolder -Path /Made }

    It 'sends plaintext sizes and names back, and stores rclone-sized ciphertext' {
        $Sent | Should -HaveCount $Written.Count
        foreach ($file in $Sent) {
            $relative = $file.Path.Substring('/Made/tree/'.Length)
            $file.Length | Should -Be $Written[$relative] -Because $relative
        }
        $rawSizes = @(Get-DropboxChildItem /Made -Recurse -Connection $Raw | Where-Object { $_ -is [PSDropbox.DropboxFile] } | ForEach-Object Length | Sort-Object)
        $expected = @($Written.Values | ForEach-Object { $blocks = [math]::Floor($_ / 64KB); $rest = $_ % 64KB; 32 + $blocks * (64KB + 16) + $(if ($rest) { 16 + $rest } else { 0 }) } | Sort-Object)
        $rawSizes | Should -Be $expected
        (Get-DropboxChildItem /Made -Connection $Raw).Name | Should -Not -Contain 'tree'
    }

    It 'lists in rclone with the same names and sizes' {
        $listing = Invoke-Rclone -Encrypted $Stored lsjson -R --files-only vault:tree | ConvertFrom-Json
        $listing | Should -HaveCount $Written.Count
        foreach ($entry in $listing) {
            $Written.Contains($entry.Path) | Should -BeTrue -Because "rclone lists $($entry.Path)"
            $entry.Size | Should -Be $Written[$entry.Path]
        }
    }

    It 'reads back in rclone byte for byte, and rclone cryptcheck passes' {
        $back = Join-Path $TestDrive 'rclone-back'
        Invoke-Rclone -Encrypted $Stored copy vault:tree $back | Out-Null
        $got = Get-TreeHashes $back
        $want = Get-TreeHashes $Source
        $got.Keys | Sort-Object | Should -Be ($want.Keys | Sort-Object)
        foreach ($key in $want.Keys) { $got[$key] | Should -Be $want[$key] -Because $key }
        $check = Invoke-Rclone -Encrypted $Stored cryptcheck $Source vault:tree
        "$check" | Should -Match '0 differences found'
        "$check" | Should -Match "$($Written.Count) matching files"
    }

    It 'reads back in the module, and verifies the ciphertext hash Dropbox reports' {
        $back = (New-Item -ItemType Directory (Join-Path $TestDrive 'module-back')).FullName
        Receive-DropboxFile -Path /Made/tree -Destination $back -Recurse
        $got = Get-TreeHashes (Join-Path $back 'tree')
        $want = Get-TreeHashes $Source
        foreach ($key in $want.Keys) { $got[$key] | Should -Be $want[$key] -Because $key }
        $rawFiles = @(Get-DropboxChildItem /Made -Recurse -Connection $Raw | Where-Object { $_ -is [PSDropbox.DropboxFile] })
        foreach ($f in $rawFiles) { $f.ContentHash | Should -Be (Get-ContentHash -Path (Join-Path $RawCopy $f.Path.TrimStart('/'))) }
    }
}

Describe 'Content and item cmdlets in an encrypted folder' {
    BeforeAll { Register-DropboxCryptFolder -Path /Box -Password potato }
    AfterAll { Unregister-DropboxCryptFolder -Path /Box }

    It 'writes and reads content encrypted with Set-/Get-DropboxContent' {
        'first line', 'second line' | Set-DropboxContent -Path /Box/notes/todo.txt
        Get-DropboxContent -Path /Box/notes/todo.txt | Should -Be @('first line', 'second line')
        $stored = @(Get-DropboxChildItem /Box -Recurse -Connection $Raw | Where-Object { $_ -is [PSDropbox.DropboxFile] })
        $stored | Should -HaveCount 1
        $stored[0].Name | Should -Not -Match 'todo'
        $bytes = [byte[]](Get-DropboxContent -Path $stored[0].Path -AsByteStream -Raw -Connection $Raw)
        [System.Text.Encoding]::ASCII.GetString($bytes, 0, 8) | Should -BeExactly "RCLONE`0`0"
        [System.Text.Encoding]::UTF8.GetString($bytes) | Should -Not -Match 'first line'
    }

    It 'copies, renames, moves and removes by plaintext names' {
        'payload' | Set-DropboxContent -Path /Box/a.txt
        Copy-DropboxItem -Path /Box/a.txt -Destination /Box/b.txt
        Rename-DropboxItem -Path /Box/b.txt -NewName c.txt
        New-DropboxFolder /Box/sub | Out-Null
        (Move-DropboxItem -Path /Box/c.txt -Destination /Box/sub -PassThru).Path | Should -BeExactly '/Box/sub/c.txt'
        Get-DropboxContent /Box/sub/c.txt | Should -Be 'payload'
        Remove-DropboxItem -Path /Box/a.txt -Confirm:$false
        (Get-DropboxChildItem /Box -Recurse | Where-Object { $_ -is [PSDropbox.DropboxFile] }).Path | Sort-Object |
            Should -Be @('/Box/notes/todo.txt', '/Box/sub/c.txt')
    }

    It 'refuses to copy a file out of the encrypted folder' {
        { Copy-DropboxItem -Path /Box/sub/c.txt -Destination /Elsewhere.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        { Get-DropboxItem /Elsewhere.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It '<Command> across the folder''s edge (<Path> to <Destination>) is refused, naming the item' -ForEach @(
        @{ Command = 'Copy-DropboxItem'; Path = '/EdgeOutside.txt'; Destination = '/Box/' }
        @{ Command = 'Copy-DropboxItem'; Path = '/Box/edge-inside.txt'; Destination = '/EdgeDocs/' }
        @{ Command = 'Move-DropboxItem'; Path = '/EdgeOutside.txt'; Destination = '/Box/' }
        @{ Command = 'Move-DropboxItem'; Path = '/Box/edge-inside.txt'; Destination = '/EdgeDocs/' }
    ) {
        'outside' | Set-DropboxContent -Path /EdgeOutside.txt -Mode Overwrite
        'inside' | Set-DropboxContent -Path /Box/edge-inside.txt -Mode Overwrite
        New-DropboxFolder /EdgeDocs -ErrorAction Ignore | Out-Null
        $record = { & $Command -Path $Path -Destination $Destination -ErrorAction Stop } | Should -Throw -ErrorId "PSDropbox.InvalidArgument,*" -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $record.TargetObject | Should -BeExactly $Path
        "$record" | Should -Match 'not in the same encrypted folder'
        (Get-DropboxItem $Path).Path | Should -BeExactly $Path -Because 'nothing was moved'
    }

    It 'refuses only the item that would cross the edge; the others of the command are copied' {
        'outside' | Set-DropboxContent -Path /EdgeOutside.txt -Mode Overwrite
        'inside' | Set-DropboxContent -Path /Box/edge-inside.txt -Mode Overwrite
        New-DropboxFolder /Box/edge-into -ErrorAction Ignore | Out-Null
        Copy-DropboxItem /EdgeOutside.txt, /Box/edge-inside.txt -Destination /Box/edge-into -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.InvalidArgument,*'
        $failures[0].TargetObject | Should -BeExactly '/EdgeOutside.txt'
        Get-DropboxContent /Box/edge-into/edge-inside.txt | Should -Be 'inside'
        { Get-DropboxItem /Box/edge-into/EdgeOutside.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'expands wildcards against the plaintext names' {
        (Get-DropboxItem /Box/no*).Name | Should -BeExactly 'notes'
        (Get-DropboxChildItem /Box/s*).Path | Should -BeExactly '/Box/sub/c.txt'
        $down = (New-Item -ItemType Directory (Join-Path $TestDrive 'wild')).FullName
        (Receive-DropboxFile /Box/sub/*.txt -Destination $down -PassThru).LocalPath | Should -BeExactly (Join-Path $down 'c.txt')
        Get-Content -LiteralPath (Join-Path $down 'c.txt') | Should -BeExactly 'payload'
        Remove-DropboxItem /Box/sub/c* -Confirm:$false
        @(Get-DropboxChildItem /Box/sub) | Should -HaveCount 0
        { Get-DropboxItem /Box/zz* -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }

    It 'a sync of a folder that holds it refuses to mix encrypted and plain files, and changes nothing' {
        'kept' | Set-DropboxContent -Path /Box/kept.txt
        $before = @(Get-DropboxChildItem /Box -Recurse -Connection $Raw).PathLower | Sort-Object
        $local = New-Item -ItemType Directory (Join-Path $TestDrive 'sync-box')
        'plain' | Set-Content (Join-Path $local 'plain.txt')
        $record = { Sync-DropboxFolder -LocalPath $local -RemotePath / -Direction Upload -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.CryptFolderNotSupported,*' -PassThru
        $record.Exception.Message | Should -Match "'/Box' is an encrypted folder"
        @(Get-DropboxChildItem /Box -Recurse -Connection $Raw).PathLower | Sort-Object | Should -Be $before
    }
}

Describe 'The Dropbox: drive in an encrypted folder' {
    BeforeAll { Register-DropboxCryptFolder -Path /DriveVault -Password potato }
    AfterAll { Unregister-DropboxCryptFolder -Path /DriveVault }

    It 'writes, appends and reads content encrypted under plaintext names' {
        'first' | Set-Content Dropbox:/DriveVault/notes/todo.txt
        Add-Content Dropbox:/DriveVault/notes/todo.txt 'second'
        Get-Content Dropbox:/DriveVault/notes/todo.txt | Should -Be @('first', 'second')
        (Get-ChildItem Dropbox:/DriveVault/notes).Name | Should -Be 'todo.txt'
        (Get-Item Dropbox:/DriveVault/notes/todo.txt).Length | Should -Be ([System.Text.Encoding]::UTF8.GetByteCount("first`nsecond`n"))
        $stored = @(Get-DropboxChildItem /DriveVault -Recurse -Connection $Raw | Where-Object { $_ -is [PSDropbox.DropboxFile] })
        $stored | Should -HaveCount 1
        $stored[0].Path | Should -Not -Match 'notes|todo'
        $bytes = [byte[]](Get-DropboxContent -Path $stored[0].Path -AsByteStream -Raw -Connection $Raw)
        [System.Text.Encoding]::ASCII.GetString($bytes, 0, 8) | Should -BeExactly "RCLONE`0`0"
    }

    It 'makes, copies, renames, moves and removes items by plaintext names' {
        New-Item Dropbox:/DriveVault/made -ItemType Directory | Out-Null
        New-Item Dropbox:/DriveVault/made/new.txt -Value 'payload' | Out-Null
        Copy-Item Dropbox:/DriveVault/made/new.txt Dropbox:/DriveVault/copy.txt
        Rename-Item Dropbox:/DriveVault/copy.txt renamed.txt
        Move-Item Dropbox:/DriveVault/renamed.txt Dropbox:/DriveVault/notes
        Remove-Item Dropbox:/DriveVault/made/new.txt
        (Get-ChildItem Dropbox:/DriveVault -Recurse -File).Name | Sort-Object | Should -Be @('renamed.txt', 'todo.txt')
        Get-Content Dropbox:/DriveVault/notes/renamed.txt | Should -Be 'payload'
        (Get-ChildItem Dropbox:/DriveVault -Directory).Name | Sort-Object | Should -Be @('made', 'notes')
        @(Get-DropboxChildItem /DriveVault -Recurse -Connection $Raw).Name | Where-Object { $_ -match 'made|notes|renamed|todo' } | Should -BeNullOrEmpty
    }

    It 'refuses to copy plain bytes in or encrypted bytes out, and changes nothing' {
        'x' | Set-DropboxContent -Path /DriveOutside.txt
        $before = @(Get-DropboxChildItem /DriveVault -Recurse -Connection $Raw).PathLower | Sort-Object
        { Copy-Item Dropbox:/DriveOutside.txt Dropbox:/DriveVault/in.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        { Copy-Item Dropbox:/DriveVault/notes/todo.txt Dropbox:/out.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidArgument,*'
        @(Get-DropboxChildItem /DriveVault -Recurse -Connection $Raw).PathLower | Sort-Object | Should -Be $before
        Test-Path Dropbox:/out.txt | Should -BeFalse
    }
}

Describe 'Sync-DropboxFolder and Compare-DropboxFolder in an encrypted folder' {
    BeforeAll {
        Register-DropboxCryptFolder -Path /SyncVault -Password potato -Salt pepper
        $script:Local = (New-Item -ItemType Directory (Join-Path $TestDrive 'sync-plain')).FullName
        $script:Files = New-Tree $Local
    }
    AfterAll { Unregister-DropboxCryptFolder -Path /SyncVault }

    It 'uploads a tree encrypted, under plaintext names, and a second run finds every file the same by size and time' {
        $summary = Sync-DropboxFolder -LocalPath $Local -RemotePath /SyncVault/tree -Direction Upload
        $summary.FilesCopied | Should -Be $Files.Count
        $summary.Errors | Should -Be 0
        (Get-DropboxChildItem /SyncVault/tree -Recurse | Where-Object { $_ -is [PSDropbox.DropboxFile] }).Path | Sort-Object |
            Should -Be @($Files.Keys | ForEach-Object { "/SyncVault/tree/$_" } | Sort-Object)
        $stored = @(Get-DropboxChildItem /SyncVault -Recurse -Connection $Raw | Where-Object { $_ -is [PSDropbox.DropboxFile] })
        $stored | Should -HaveCount $Files.Count
        $stored.Name | Where-Object { $_ -match 'report|several|block' } | Should -BeNullOrEmpty

        $again = Sync-DropboxFolder -LocalPath $Local -RemotePath /SyncVault/tree -Direction Upload
        $again.FilesCopied | Should -Be 0
        $again.FilesIdentical | Should -Be $Files.Count
        $plan = @(Compare-DropboxFolder -LocalPath $Local -RemotePath /SyncVault/tree | Where-Object ItemType -EQ File)
        $plan.Status | Sort-Object -Unique | Should -Be 'Same'
        $plan[0].Reason | Should -Match 'modification time'
    }

    It 'sends a changed file again, deletes what the source lacks with -Delete, and downloads the tree decrypted' {
        Add-Content -LiteralPath (Join-Path $Local 'docs/report.txt') -Value 'one more line'
        Remove-Item -LiteralPath (Join-Path $Local 'one.bin')
        $summary = Sync-DropboxFolder -LocalPath $Local -RemotePath /SyncVault/tree -Direction Upload -Delete -Confirm:$false
        $summary.FilesCopied | Should -Be 1
        $summary.FilesDeleted | Should -Be 1
        { Get-DropboxItem /SyncVault/tree/one.bin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
        Get-DropboxContent /SyncVault/tree/docs/report.txt -Raw | Should -BeExactly (Get-Content -LiteralPath (Join-Path $Local 'docs/report.txt') -Raw)

        $copy = (New-Item -ItemType Directory (Join-Path $TestDrive 'sync-back')).FullName
        $down = Sync-DropboxFolder -LocalPath $copy -RemotePath /SyncVault/tree -Direction Download
        $down.Errors | Should -Be 0
        $got = Get-TreeHashes $copy
        $want = Get-TreeHashes $Local
        $got.Keys | Sort-Object | Should -Be ($want.Keys | Sort-Object)
        foreach ($key in $want.Keys) { $got[$key] | Should -Be $want[$key] -Because $key }
        (Sync-DropboxFolder -LocalPath $copy -RemotePath /SyncVault/tree -Direction Download).FilesCopied | Should -Be 0
    }

    It 'reports a stored name that does not decrypt as an error and leaves it alone, even with -Delete' {
        $storedTree = @(Get-DropboxChildItem /SyncVault -Connection $Raw | Where-Object { $_ -is [PSDropbox.DropboxFolder] })
        $storedTree | Should -HaveCount 1 -Because 'the stored name of /SyncVault/tree is encrypted'
        $stray = "$($storedTree[0].Path)/stray.txt"
        'not encrypted' | Set-DropboxContent -Path $stray -Connection $Raw
        $plan = @(Compare-DropboxFolder -LocalPath $Local -RemotePath /SyncVault/tree | Where-Object Status -EQ Error)
        $plan | Should -HaveCount 1
        $plan[0].Reason | Should -Match 'does not decrypt'
        $summary = Sync-DropboxFolder -LocalPath $Local -RemotePath /SyncVault/tree -Direction Upload -Delete -Confirm:$false -ErrorAction SilentlyContinue
        $summary.FilesDeleted | Should -Be 0
        (Get-DropboxItem $stray -Connection $Raw).Name | Should -BeExactly 'stray.txt'
    }
}

Describe '-SkipIdentical and -Resume in an encrypted folder' {
    BeforeAll {
        Register-DropboxCryptFolder -Path /SkipVault -Password potato
        $script:Local = (New-Item -ItemType Directory (Join-Path $TestDrive 'skip-plain')).FullName
        $script:Files = New-Tree $Local
        Send-DropboxFile (Join-Path $Local '*') -Destination /SkipVault/ -Recurse | Out-Null
        function Get-Downloads { @(Invoke-EmulatorAdmin -Path requests -Query @{ route = 'files/download' }) }
    }
    AfterAll { Unregister-DropboxCryptFolder -Path /SkipVault }

    It 'skips uploading files whose plaintext is already there, sealing them under the stored nonce instead of comparing ciphertext' {
        Add-Content -LiteralPath (Join-Path $Local 'docs/report.txt') -Value 'changed'
        $result = @(Send-DropboxFile (Join-Path $Local '*') -Destination /SkipVault/ -Recurse -SkipIdentical -Mode Overwrite -PassThru)
        ($result | Where-Object { -not $_.Skipped }).Path | Should -Be @('/SkipVault/docs/report.txt')
        @($result | Where-Object Skipped) | Should -HaveCount ($Files.Count - 1)
        $check = Join-Path $TestDrive 'report-check.txt'
        Receive-DropboxFile /SkipVault/docs/report.txt -Destination $check
        (Get-FileHash -LiteralPath $check).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $Local 'docs/report.txt')).Hash
    }

    It 'skips downloading files whose plaintext is already there, reading only each stored header' {
        $back = (New-Item -ItemType Directory (Join-Path $TestDrive 'skip-back')).FullName
        Receive-DropboxFile /SkipVault/* -Destination $back -Recurse | Out-Null
        Set-Content -LiteralPath (Join-Path $back 'docs/report.txt') -Value 'local edit'
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $result = @(Receive-DropboxFile /SkipVault/* -Destination $back -Recurse -SkipIdentical -Force -PassThru)
        ($result | Where-Object { -not $_.Skipped }).Path | Should -Be @('/SkipVault/docs/report.txt')
        $downloads = Get-Downloads
        @($downloads | Where-Object { $_.range -eq 'bytes=0-31' }) | Should -HaveCount ($Files.Count - 1) -Because 'an empty file has no header to read'
        @($downloads | Where-Object { -not $_.range }) | Should -HaveCount 1 -Because 'only the changed file is downloaded'
        (Get-FileHash -LiteralPath (Join-Path $back 'docs/report.txt')).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $Local 'docs/report.txt')).Hash
    }
}
