Describe 'Throws at discovery' {
    throw 'discovery exploded'
    It 'is never found' { 1 | Should -Be 1 }
}
