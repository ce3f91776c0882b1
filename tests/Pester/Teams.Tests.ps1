# Dropbox teams through the module: a team's token, -AsMember / -AsAdmin, -PathRoot, the team cmdlets, and members
# kept apart, against the emulator in team mode (--team, --team-token, --team-folder).
BeforeAll {
    . $PSScriptRoot/TestHelpers.ps1

    $script:TeamToken = 'team-' + [guid]::NewGuid().ToString('n')
    $script:Team = Start-DropboxEmulator -Account 'bob:bob-team-token', 'carol:carol-team-token' `
        -ArgumentList '--team', 'Acme', '--team-token', $TeamToken, '--team-folder', 'Marketing', '--team-folder', 'Sales'
    $script:ModulePath = Join-Path (Get-Module PSDropbox).ModuleBase 'PSDropbox.psd1'

    function Connect-Team([hashtable]$With = @{}) {
        Connect-Dropbox -AccessToken $TeamToken -ApiEndpoint $Team.BaseUrl -PassThru @With
    }

    function New-LocalFile([string]$Name, [string]$Text) {
        $path = Join-Path $TestDrive $Name
        Set-Content -LiteralPath $path -Value $Text -NoNewline
        $path
    }
}

AfterAll { $Team | Stop-DropboxEmulator }

Describe 'A team admin and the team cmdlets' {
    BeforeAll { $script:Admin = Connect-Team }
    AfterAll { Disconnect-Dropbox -ErrorAction Ignore }

    It 'connects a team token alone to the team, which only team commands can use' {
        $Admin.ActingAs | Should -Be 'Team'
        $Admin.DisplayName | Should -Be 'Acme'
        $record = { Get-DropboxChildItem / -Connection $Admin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.TeamTokenNeedsMember,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$record" | Should -Match '-AsMember'
    }

    It 'lists the team members, the admin first' {
        $members = @(Get-DropboxTeamMember -Connection $Admin)
        $members.Email | Should -Be @('user@emulator.local', 'bob@emulator.local', 'carol@emulator.local')
        $members.Role | Should -Be @('team_admin', 'member_only', 'member_only')
        $members.IsAdmin | Should -Be @($true, $false, $false)
        $members.TeamMemberId | ForEach-Object { $_ | Should -Match '^dbmid:' }
        $members.MemberFolderId | Sort-Object -Unique | Should -HaveCount 3
        (Get-DropboxTeam -Connection $Admin).ProvisionedUsers | Should -Be 3
    }

    It 'looks members up by email and id, and reports the one the team does not have' {
        $bob = Get-DropboxTeamMember -Email 'BOB@emulator.local' -Connection $Admin
        $bob.Email | Should -Be 'bob@emulator.local'
        (Get-DropboxTeamMember -Id $bob.TeamMemberId -Connection $Admin).Email | Should -Be 'bob@emulator.local'
        $found = @(Get-DropboxTeamMember -Email 'carol@emulator.local', 'nobody@emulator.local' -Connection $Admin -ErrorVariable problems -ErrorAction SilentlyContinue)
        $found.Email | Should -Be 'carol@emulator.local'
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'PSDropbox.TeamMemberNotFound,*'
        $problems[0].TargetObject | Should -Be 'nobody@emulator.local'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'lists team folders and namespaces, filters by name and reports a name that is not there' {
        (Get-DropboxTeamFolder -Connection $Admin).Name | Should -Be @('Marketing', 'Sales')
        (Get-DropboxTeamFolder Mark* -Connection $Admin).Name | Should -Be 'Marketing'
        { Get-DropboxTeamFolder Legal -Connection $Admin -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.TeamFolderNotFound,*'
        $namespaces = @(Get-DropboxNamespace -Connection $Admin)
        ($namespaces | Where-Object NamespaceType -EQ 'team_folder').Name | Should -Be @('Marketing', 'Sales')
        ($namespaces | Where-Object NamespaceType -EQ 'team_member_folder') | Should -HaveCount 3
        ($namespaces | Where-Object NamespaceType -EQ 'team_folder').NamespaceId | Should -Be (Get-DropboxTeamFolder -Connection $Admin).TeamFolderId
    }

    It 'shows members in a table by default' {
        $text = Get-DropboxTeamMember -Connection $Admin | Out-String -Width 200
        $text | Should -Match 'DisplayName\s+Email\s+Role\s+Status\s+TeamMemberId'
        $text | Should -Match 'bob@emulator.local\s+member_only\s+active'
    }
}

Describe 'Acting as a member, and the team space' {
    AfterEach { Disconnect-Dropbox -ErrorAction Ignore }

    It 'connects as a member by email, says so, and uploads into a team folder under -PathRoot Root' {
        $bob = Connect-Team @{ AsMember = 'bob@emulator.local'; PathRoot = 'Root' }
        $bob.ActingAs | Should -Be 'Member'
        $bob.Email | Should -Be 'bob@emulator.local'
        $bob.TeamName | Should -Be 'Acme'
        $bob.PathRoot | Should -Be 'Root'
        "$bob" | Should -Match 'as member of Acme'
        (Get-DropboxConnection).TeamMemberId | Should -Be $bob.TeamMemberId

        (Get-DropboxChildItem /).Name | Should -Be @('bob Emulator', 'Marketing', 'Sales')
        $sent = Send-DropboxFile (New-LocalFile plan.txt 'the plan') -Destination /Marketing/ -PassThru
        $sent.Path | Should -Be '/Marketing/plan.txt'

        $admin = Connect-Team @{ AsAdmin = $true; PathRoot = 'Root' }
        $admin.ActingAs | Should -Be 'Admin'
        $admin.Email | Should -Be 'user@emulator.local'
        (Get-DropboxItem /Marketing/plan.txt -Connection $admin).Size | Should -Be 8
    }

    It 'connects as a member piped from Get-DropboxTeamMember, with paths relative to its home by default' {
        $carolId = (Get-DropboxTeamMember -Email carol@emulator.local -Connection (Connect-Team)).TeamMemberId
        $carol = Connect-Team @{ AsMember = $carolId }
        $carol.PathRoot | Should -Be 'Home'
        New-DropboxFolder /Notes -Connection $carol | Out-Null
        (Get-DropboxChildItem / -Connection $carol).Name | Should -Be 'Notes'
        (Get-DropboxChildItem / -PathRoot Root -Connection $carol).Name | Should -Be @('carol Emulator', 'Marketing', 'Sales')
        (Get-DropboxItem '/carol Emulator/Notes' -PathRoot Root -Connection $carol).Name | Should -Be 'Notes'
    }

    It 'shows the root and home namespaces, the team and the member id in Get-DropboxAccount' {
        $bob = Connect-Team @{ AsMember = 'bob@emulator.local' }
        $account = Get-DropboxAccount -Connection $bob
        $account.TeamName | Should -Be 'Acme'
        $account.TeamMemberId | Should -Be $bob.TeamMemberId
        $account.HomePath | Should -Be '/bob Emulator'
        $account.RootNamespaceId | Should -Be $bob.RootNamespaceId
        $account.HomeNamespaceId | Should -Be $bob.HomeNamespaceId
        $account.RootNamespaceId | Should -Not -Be $account.HomeNamespaceId
        (Get-DropboxAccount -Connection $bob | Out-String) | Should -Match 'TeamMemberId\s+:\s+dbmid:'
    }

    It 'takes a team folder id as the path root, per connection and per command, and ns: paths' {
        $marketingId = (Get-DropboxTeamFolder Marketing -Connection (Connect-Team)).TeamFolderId
        $bob = Connect-Team @{ AsMember = 'bob@emulator.local'; PathRoot = $marketingId }
        Send-DropboxFile (New-LocalFile brief.txt 'brief') -Destination /brief.txt -Connection $bob | Out-Null
        $carol = Connect-Team @{ AsMember = 'carol@emulator.local' }
        (Get-DropboxItem /brief.txt -PathRoot $marketingId -Connection $carol).Size | Should -Be 5
        (Get-DropboxItem /Marketing/brief.txt -PathRoot Root -Connection $carol).Size | Should -Be 5
        (Get-DropboxItem "ns:$marketingId/brief.txt" -Connection $carol).Size | Should -Be 5
    }

    It 'lets two members work in one ForEach-Object -Parallel, each seeing only its own home' {
        $bob = Connect-Team @{ AsMember = 'bob@emulator.local' }
        $carol = Connect-Team @{ AsMember = 'carol@emulator.local' }
        Send-DropboxFile (New-LocalFile bob.txt 'bob') -Destination /only-bob.txt -Connection $bob | Out-Null
        Send-DropboxFile (New-LocalFile carol.txt 'carol') -Destination /only-carol.txt -Connection $carol | Out-Null

        $seen = @(foreach ($i in 1..4) { $bob; $carol }) | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:ModulePath
            $names = (Get-DropboxChildItem / -Connection $_).Name -join ','
            $root = (Get-DropboxChildItem / -PathRoot Root -Connection $_).Name -join ','
            $peek = try { Get-DropboxItem '/carol Emulator/only-carol.txt' -PathRoot Root -Connection $_ -ErrorAction Stop | Out-Null; 'read' }
                    catch { $_.FullyQualifiedErrorId }
            [pscustomobject]@{ Who = $_.Email; Names = $names; Root = $root; Peek = "$peek" }
        }

        @($seen) | Should -HaveCount 8
        foreach ($s in $seen) {
            $names = $s.Names -split ','
            if ($s.Who -eq 'bob@emulator.local') {
                $names | Should -Contain 'only-bob.txt'
                $names | Should -Not -Contain 'only-carol.txt'
                $s.Root | Should -Be 'bob Emulator,Marketing,Sales'
                $s.Peek | Should -BeLike 'PSDropbox.PathNotFound,*'
            }
            else {
                $names | Should -Contain 'only-carol.txt'
                $names | Should -Not -Contain 'only-bob.txt'
                $s.Root | Should -Be 'carol Emulator,Marketing,Sales'
                $s.Peek | Should -Be 'read'
            }
        }
    }

    It 'sends any team header through Invoke-DropboxApi, and team routes through a member connection' {
        $whole = Connect-Team
        $bobId = (Get-DropboxTeamMember -Email bob@emulator.local -Connection $whole).TeamMemberId
        (Invoke-DropboxApi users/get_current_account -Header @{ 'Dropbox-API-Select-User' = $bobId } -Connection $whole).email | Should -Be 'bob@emulator.local'
        $bob = Connect-Team @{ AsMember = 'bob@emulator.local' }
        (Invoke-DropboxApi team/get_info -Connection $bob).name | Should -Be 'Acme'
        (Invoke-DropboxApi users/get_current_account -Connection $bob).email | Should -Be 'bob@emulator.local'
    }
}

Describe 'Team errors' {
    AfterEach { Disconnect-Dropbox -ErrorAction Ignore }

    It 'refuses <Case> with <Id>' -ForEach @(
        @{ Case = 'a member the team does not have'; With = @{ AsMember = 'nobody@emulator.local' }; Id = 'PSDropbox.TeamMemberNotFound'; Category = 'ObjectNotFound' }
        @{ Case = 'a member that is neither an email nor an id'; With = @{ AsMember = 'carol' }; Id = 'PSDropbox.InvalidArgument'; Category = 'InvalidArgument' }
        @{ Case = '-AsAdmin with a member who is no admin'; With = @{ AsMember = 'carol@emulator.local'; AsAdmin = $true }; Id = 'PSDropbox.NotTeamAdmin'; Category = 'PermissionDenied' }
        @{ Case = 'a path root that is not one'; With = @{ AsMember = 'bob@emulator.local'; PathRoot = 'not a root!' }; Id = 'PSDropbox.InvalidArgument'; Category = 'InvalidArgument' }
    ) {
        $record = { Connect-Team $With -ErrorAction Stop } | Should -Throw -ErrorId "$Id,*" -PassThru
        $record.CategoryInfo.Category | Should -Be $Category
        { Get-DropboxConnection -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotConnected,*'
    }

    It 'refuses -AsMember and team commands with a single account''s token' {
        $record = { Connect-Dropbox -AccessToken bob-team-token -ApiEndpoint $Team.BaseUrl -AsMember carol@emulator.local -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.NotATeamToken,*' -PassThru
        "$record" | Should -Match 'team scopes'
        $bob = Connect-Dropbox -AccessToken bob-team-token -ApiEndpoint $Team.BaseUrl -PassThru
        $bob.ActingAs | Should -Be 'Account'
        { Get-DropboxTeamMember -Connection $bob -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.NotATeamToken,*'
    }

    It 'refuses a namespace the member cannot reach, when connecting and per command' {
        $carolHome = (Connect-Team @{ AsMember = 'carol@emulator.local' }).HomeNamespaceId
        $record = { Connect-Team @{ AsMember = 'bob@emulator.local'; PathRoot = $carolHome } -ErrorAction Stop } |
            Should -Throw -ErrorId 'PSDropbox.PathRootNotAllowed,*' -PassThru
        $record.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $bob = Connect-Team @{ AsMember = 'bob@emulator.local' }
        { Get-DropboxChildItem / -PathRoot $carolHome -Connection $bob -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathRootNotAllowed,*'
    }
}

Describe 'An account that joins a team' {
    It 'fails once with PathRootChanged under -PathRoot Root, then follows the new root' {
        $port = Get-FreeTcpPort
        $data = Join-Path $TestDrive 'joins'
        $alone = Start-DropboxEmulator -Port $port -Data $data -AccessToken 'joiner-token'
        try {
            $c = Connect-Dropbox -AccessToken 'joiner-token' -ApiEndpoint $alone.BaseUrl -PathRoot Root -PassThru
            New-DropboxFolder /Personal -Connection $c | Out-Null
            $before = $c.RootNamespaceId
        }
        finally { $alone | Stop-DropboxEmulator }
        $teamed = Start-DropboxEmulator -Port $port -Data $data -AccessToken 'joiner-token' -ArgumentList '--team', 'Joined', '--team-folder', 'Shared'
        try {
            $record = { Get-DropboxChildItem / -Connection $c -ErrorAction Stop } | Should -Throw -ErrorId 'PSDropbox.PathRootChanged,*' -PassThru
            "$record" | Should -Match 'run the command again'
            $c.RootNamespaceId | Should -Not -Be $before
            (Get-DropboxChildItem / -Connection $c).Name | Should -Be @('Emulator User', 'Shared')
        }
        finally { $teamed | Stop-DropboxEmulator }
    }
}
