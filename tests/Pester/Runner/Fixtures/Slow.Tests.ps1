Describe 'Slow' {
    It 'finishes' { 1 | Should -Be 1 }
    It 'hangs' { while ($true) { [System.Threading.Thread]::Sleep(50) } }
    It 'never starts' { 1 | Should -Be 1 }
}
