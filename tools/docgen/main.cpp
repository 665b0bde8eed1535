//===- main.cpp - gossipper-docgen ----------------------------------------===//
//
// Part of Gossipper, under the AGPL-3.0 (see LICENSE).
//
// gossipper-docgen              prints docs/compatibility.md
// gossipper-docgen cli FILE     prints FILE (docs/cli.md) with its option
//                               list written again
// gossipper-docgen man          prints gossipper(1), the manual page
// gossipper-docgen bash-completion  prints bash's completion script
//
//===----------------------------------------------------------------------===//
#include "documents.hpp"

#include <iostream>
#include <string_view>

int main(int argc, char **argv) {
  if (argc == 1) {
    gossipper::docgen::write_compatibility(std::cout);
    return 0;
  }
  if (argc == 3 && std::string_view(argv[1]) == "cli") {
    gossipper::Expected<void> written = gossipper::docgen::write_cli(argv[2], std::cout);
    if (!written) {
      std::cerr << "gossipper-docgen: " << written.error().message << '\n';
      return 1;
    }
    return 0;
  }
  if (argc == 2 && std::string_view(argv[1]) == "man") {
    gossipper::docgen::write_man_page(GOSSIPPER_VERSION, std::cout);
    return 0;
  }
  if (argc == 2 && std::string_view(argv[1]) == "bash-completion") {
    gossipper::docgen::write_bash_completion(std::cout);
    return 0;
  }
  std::cerr << "usage: gossipper-docgen [cli docs/cli.md | man | bash-completion]\n";
  return 2;
}
