BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1
    Connect-TestDropbox

    $script:Http = [System.Net.Http.HttpClient]::new()
    function Invoke-Anonymously {
        <# GET (or POST a password form to) a URL with no Authorization header; returns status, body bytes and text. #>
        param([string]$Url, [string]$Password)
        $response = if ($PSBoundParameters.ContainsKey('Password')) {
            $form = [System.Collections.Generic.Dictionary[string, string]]::new()
            $form['password'] = $Password
            $script:Http.PostAsync($Url, [System.Net.Http.FormUrlEncodedContent]::new($form)).GetAwaiter().GetResult()
        }
        else { $script:Http.GetAsync($Url).GetAwaiter().GetResult() }
        try {
            $bytes = $response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult()
            [pscustomobject]@{ Status = [int]$response.StatusCode; Bytes = $bytes; Text = [System.Text.Encoding]::UTF8.GetString($bytes) }
        }
        finally { $response.Dispose() }
    }
    function Get-DownloadUrl([string]$Url) { $Url -replace 'dl=0', 'dl=1' }

    # /S/report.txt, /S/photo.bin, /S/Folder/inner.txt, /S/Folder/Deep/x.txt and more files for the other tests
    $source = Join-Path $TestDrive 'share'
    [System.IO.Directory]::CreateDirectory((Join-Path $source 'Folder/Deep')) | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $source 'report.txt'), 'quarterly report')
    New-TestFile -Path (Join-Path $source 'photo.bin') -Size 5000 -Seed 11 | Out-Null
    [System.IO.File]::WriteAllText((Join-Path $source 'Folder/inner.txt'), 'inner')
    [System.IO.File]::WriteAllText((Join-Path $source 'Folder/Deep/x.txt'), 'deep')
    foreach ($name in 'secret.txt', 'expiring.txt', 'revoke-me.txt', 'nodownload.txt', 'team.txt', 'p1.txt', 'p2.txt', 'whatif.txt', 'set-pw.txt', 'set-exp.txt', 'set-aud.txt', 'set-whatif.txt') {
        [System.IO.File]::WriteAllText((Join-Path $source $name), "content of $name")
    }
    Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $source; path = '/S' } | Out-Null
}

AfterAll { $script:Http.Dispose() }

Describe 'New-DropboxSharedLink' {
    It 'creates a public link whose dl=1 form downloads the file without signing in' {
        $link = New-DropboxSharedLink /S/photo.bin
        $link | Should -BeOfType ([PSDropbox.DropboxSharedLink])
        $link.Name | Should -Be 'photo.bin'
        $link.Path | Should -Be '/s/photo.bin'
        $link.IsFolder | Should -BeFalse
        $link.Visibility | Should -Be 'public'
        $link.Expires | Should -BeNullOrEmpty
        $got = Invoke-Anonymously (Get-DownloadUrl $link.Url)
        $got.Status | Should -Be 200
        $expected = [System.IO.File]::ReadAllBytes((Join-Path $TestDrive 'share/photo.bin'))
        [System.Convert]::ToBase64String($got.Bytes) | Should -BeExactly ([System.Convert]::ToBase64String($expected))
    }

    It 'returns the existing link instead of failing, with a warning when settings were asked for' {
        $first = New-DropboxSharedLink /S/report.txt
        $again = New-DropboxSharedLink /S/report.txt -ErrorAction Stop
        $again.Url | Should -Be $first.Url
        $third = New-DropboxSharedLink /S/report.txt -Access Editor -WarningVariable warned -WarningAction SilentlyContinue
        $third.Url | Should -Be $first.Url
        $warned | Should -HaveCount 1
        "$($warned[0])" | Should -Match 'already has a shared link'
        "$($warned[0])" | Should -Match "Set-DropboxSharedLink -Url '$([regex]::Escape($first.Url))'"
    }

    It 'protects a link with a password' {
        $link = New-DropboxSharedLink /S/secret.txt -Password 'open sesame'
        @($link.RequiresPassword, $link.Visibility) | Should -Be @($true, 'password')
        $url = Get-DownloadUrl $link.Url
        (Invoke-Anonymously $url).Status | Should -Be 401
        (Invoke-Anonymously $url -Password 'wrong').Status | Should -Be 401
        $ok = Invoke-Anonymously $url -Password 'open sesame'
        $ok.Status | Should -Be 200
        $ok.Text | Should -Be 'content of secret.txt'
    }

    It 'makes a link that stops working when it expires' {
        $expires = [DateTime]::Now.AddDays(1)
        $link = New-DropboxSharedLink /S/expiring.txt -Expires $expires
        ($link.Expires - $expires).Duration().TotalSeconds | Should -BeLessThan 2
        (Invoke-Anonymously (Get-DownloadUrl $link.Url)).Status | Should -Be 200
        Invoke-EmulatorAdmin -Method POST -Path clock -Body @{ advance_seconds = 2 * 86400 } | Out-Null
        (Invoke-Anonymously (Get-DownloadUrl $link.Url)).Status | Should -Be 410
    }

    It 'honours -AllowDownload:$false and a team-only -Audience' {
        $link = New-DropboxSharedLink /S/nodownload.txt -AllowDownload:$false
        $link.AllowDownload | Should -BeFalse
        (Invoke-Anonymously (Get-DownloadUrl $link.Url)).Status | Should -Be 403
        (Invoke-Anonymously $link.Url).Status | Should -Be 200
        $team = New-DropboxSharedLink /S/team.txt -Audience Team
        $team.Audience | Should -Be 'team'
        (Invoke-Anonymously (Get-DownloadUrl $team.Url)).Status | Should -Be 403
    }

    It 'shares a folder, which downloads as a zip' {
        $link = New-DropboxSharedLink /S/Folder
        $link.IsFolder | Should -Be $true
        $got = Invoke-Anonymously (Get-DownloadUrl $link.Url)
        $got.Status | Should -Be 200
        $zip = [System.IO.Compression.ZipArchive]::new([System.IO.MemoryStream]::new($got.Bytes))
        $names = $zip.Entries | ForEach-Object FullName
        $names | Should -Contain 'Folder/inner.txt'
        $names | Should -Contain 'Folder/Deep/x.txt'
        $zip.Dispose()
    }

    It 'creates links for piped items' {
        $links = Get-DropboxItem /S/p1.txt, /S/p2.txt | New-DropboxSharedLink
        $links | Should -HaveCount 2
        ($links | ForEach-Object Name) | Should -Be @('p1.txt', 'p2.txt')
    }

    It 'creates nothing with -WhatIf' {
        New-DropboxSharedLink /S/whatif.txt -WhatIf
        Get-DropboxSharedLink /S/whatif.txt | Should -BeNullOrEmpty
    }

    It 'refuses an expiry in the past before calling Dropbox' {
        $record = { New-DropboxSharedLink /S/report.txt -Expires ([DateTime]::Now.AddDays(-1)) -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.InvalidSharedLinkSettings,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'reports a missing item as ObjectNotFound' {
        $record = { New-DropboxSharedLink /S/nothing.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*' -PassThru
        $record.TargetObject | Should -Be '/S/nothing.txt'
    }
}

Describe 'Set-DropboxSharedLink' {
    It 'sets a password on an existing link and removes it again' {
        $link = New-DropboxSharedLink /S/set-pw.txt
        $protected = Set-DropboxSharedLink $link.Url -Password (ConvertTo-SecureString 'pw 1' -AsPlainText -Force)
        $protected | Should -BeOfType ([PSDropbox.DropboxSharedLink])
        @($protected.Url, $protected.RequiresPassword) | Should -Be @($link.Url, $true)
        $url = Get-DownloadUrl $link.Url
        (Invoke-Anonymously $url).Status | Should -Be 401
        (Invoke-Anonymously $url -Password 'pw 1').Status | Should -Be 200
        (Set-DropboxSharedLink $link.Url -RemovePassword).RequiresPassword | Should -BeFalse
        (Invoke-Anonymously $url).Status | Should -Be 200
    }

    It 'sets an expiry and removes it with -RemoveExpiration' {
        $link = New-DropboxSharedLink /S/set-exp.txt
        $expires = [DateTime]::Now.AddDays(30)
        $changed = Set-DropboxSharedLink $link.Url -Expires $expires
        ($changed.Expires - $expires).Duration().TotalSeconds | Should -BeLessThan 2
        (Get-DropboxSharedLink /S/set-exp.txt).Expires | Should -Not -BeNullOrEmpty
        (Set-DropboxSharedLink $link.Url -RemoveExpiration).Expires | Should -BeNullOrEmpty
        (Get-DropboxSharedLink /S/set-exp.txt).Expires | Should -BeNullOrEmpty
    }

    It 'changes audience and downloads for links piped from Get-DropboxSharedLink' {
        New-DropboxSharedLink /S/set-aud.txt | Out-Null
        $changed = Get-DropboxSharedLink /S/set-aud.txt | Set-DropboxSharedLink -Audience Team -AllowDownload:$false
        $changed.Audience | Should -Be 'team'
        $changed.AllowDownload | Should -BeFalse
        (Invoke-Anonymously (Get-DownloadUrl $changed.Url)).Status | Should -Be 403
    }

    It 'changes nothing with -WhatIf' {
        $link = New-DropboxSharedLink /S/set-whatif.txt
        Set-DropboxSharedLink $link.Url -Password 'x' -WhatIf | Should -BeNullOrEmpty
        (Get-DropboxSharedLink /S/set-whatif.txt).RequiresPassword | Should -BeFalse
    }

    It 'refuses contradicting or missing settings before calling Dropbox (<Case>)' -ForEach @(
        @{ Case = 'no setting'; Arguments = @{} }
        @{ Case = '-Expires with -RemoveExpiration'; Arguments = @{ Expires = [DateTime]::Now.AddDays(5); RemoveExpiration = $true } }
        @{ Case = '-Password with -RemovePassword'; Arguments = @{ Password = 'x'; RemovePassword = $true } }
        @{ Case = 'an expiry in the past'; Arguments = @{ Expires = [DateTime]::Now.AddDays(-1) } }
    ) {
        $url = (Get-DropboxSharedLink /S/set-whatif.txt).Url
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $record = { Set-DropboxSharedLink $url @Arguments -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidSharedLinkSettings,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'sharing/modify_shared_link_settings' }) | Should -HaveCount 0
    }

    It 'reports a setting Dropbox refuses (another access level) and an unknown link per link' {
        $url = (Get-DropboxSharedLink /S/set-whatif.txt).Url
        $record = { Set-DropboxSharedLink $url -Access Editor -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.InvalidSharedLinkSettings,*' -PassThru
        $record.TargetObject | Should -Be $url
        $gone = $url -replace '/scl/fi/[^/]+/', '/scl/fi/doesnotexist000/'
        $record = { Set-DropboxSharedLink $gone -RemoveExpiration -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.SharedLinkNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Get-DropboxSharedLink' {
    BeforeAll {
        $script:folderLink = New-DropboxSharedLink /S/Folder
        $script:innerLink = New-DropboxSharedLink /S/Folder/inner.txt
    }

    It 'lists the links of an item and of the folders above it' {
        $urls = Get-DropboxSharedLink /S/Folder/inner.txt | ForEach-Object Url
        $urls | Should -Contain $script:innerLink.Url
        $urls | Should -Contain $script:folderLink.Url
    }

    It 'lists only the item''s own links with -DirectOnly' {
        (Get-DropboxSharedLink /S/Folder/inner.txt -DirectOnly).Url | Should -Be $script:innerLink.Url
    }

    It 'lists every link of the account without -Path' {
        $all = Get-DropboxSharedLink
        $all.Count | Should -BeGreaterThan 5
        ($all | ForEach-Object Url) | Should -Contain $script:innerLink.Url
    }

    It 'reports a missing item as ObjectNotFound' {
        { Get-DropboxSharedLink /S/none.txt -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathNotFound,*'
    }
}

Describe 'Remove-DropboxSharedLink' {
    It 'revokes a link: it stops working and is no longer listed' {
        $link = New-DropboxSharedLink /S/revoke-me.txt
        (Invoke-Anonymously (Get-DownloadUrl $link.Url)).Status | Should -Be 200
        Get-DropboxSharedLink /S/revoke-me.txt -DirectOnly | Remove-DropboxSharedLink
        (Invoke-Anonymously (Get-DownloadUrl $link.Url)).Status | Should -Be 404
        Get-DropboxSharedLink /S/revoke-me.txt -DirectOnly | Should -BeNullOrEmpty
        (New-DropboxSharedLink /S/revoke-me.txt).Url | Should -Not -Be $link.Url
    }

    It 'revokes nothing with -WhatIf' {
        $link = New-DropboxSharedLink /S/report.txt
        Remove-DropboxSharedLink $link.Url -WhatIf
        (Invoke-Anonymously (Get-DownloadUrl $link.Url)).Status | Should -Be 200
    }

    It 'reports an unknown link as SharedLinkNotFound and a malformed one as an invalid argument' {
        $link = New-DropboxSharedLink /S/report.txt
        $unknown = $link.Url -replace '/scl/fi/[^/]+/', '/scl/fi/doesnotexist000/'
        $record = { Remove-DropboxSharedLink $unknown -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.SharedLinkNotFound,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $record.TargetObject | Should -Be $unknown
        $record = { Remove-DropboxSharedLink 'https://example.com/nothing' -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.MalformedSharedLink,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Get-DropboxSharedLink paging' {
    BeforeAll {
        $many = Join-Path $TestDrive 'many'
        [System.IO.Directory]::CreateDirectory($many) | Out-Null
        foreach ($i in 1..205) { [System.IO.File]::WriteAllText((Join-Path $many ('l{0:D3}.txt' -f $i)), "$i") }
        Invoke-EmulatorAdmin -Method POST -Path seed -Body @{ source = $many; path = '/ManyLinks' } | Out-Null
        $script:made = Get-DropboxChildItem /ManyLinks | New-DropboxSharedLink | ForEach-Object Url
    }

    It 'follows the cursor until every link of the account is listed' {
        Invoke-EmulatorAdmin -Method DELETE -Path requests | Out-Null
        $listed = Get-DropboxSharedLink | ForEach-Object Url
        foreach ($url in $script:made) { $listed | Should -Contain $url }
        @(Invoke-EmulatorAdmin -Method GET -Path requests -Query @{ route = 'sharing/list_shared_links' }).Count | Should -Be 2
    }
}
