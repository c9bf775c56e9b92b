package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// completionShells are the shells `lede completion` writes a script for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

// newCompletion is `lede completion SHELL`, in place of cobra's own,
// which prints its help and exits 0 when the shell is missing or one it
// does not know (tcsh): here each is a usage error naming the shells.
// The scripts are cobra's, as before.
func newCompletion(root *cobra.Command) *cobra.Command {
	var noDesc bool
	cmd := &cobra.Command{
		Use:       "completion " + strings.Join(completionShells, "|"),
		Short:     "Print a shell completion script (bash, zsh, fish or powershell)",
		ValidArgs: completionShells,
		Long: `completion prints a script that completes lede's commands and flags in
your shell; how to load it is the shell's business, e.g.

  source <(lede completion bash)
  lede completion zsh > "${fpath[1]}/_lede"
  lede completion fish > ~/.config/fish/completions/lede.fish
  lede completion powershell | Out-String | Invoke-Expression`,
		Args: func(_ *cobra.Command, args []string) error {
			shells := "give one of " + strings.Join(completionShells, ", ")
			switch {
			case len(args) == 0:
				return &usageError{"completion: which shell? " + shells}
			case len(args) > 1:
				return &usageError{fmt.Sprintf("completion: one shell at a time (got %s); %s", strings.Join(args, " "), shells)}
			case !slices.Contains(completionShells, args[0]):
				return &usageError{fmt.Sprintf("completion: no script for %q; %s", args[0], shells)}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(w, !noDesc)
			case "zsh":
				if noDesc {
					return root.GenZshCompletionNoDesc(w)
				}
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, !noDesc)
			default: // powershell
				if noDesc {
					return root.GenPowerShellCompletion(w)
				}
				return root.GenPowerShellCompletionWithDesc(w)
			}
		},
	}
	cmd.Flags().BoolVar(&noDesc, "no-descriptions", false, "leave out the commands' and flags' descriptions")
	return cmd
}
