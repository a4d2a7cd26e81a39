// The whole program behind main(): parse the command line, run the chosen command.
#pragma once

namespace lethe::cli {

// Parses the command line and runs the command; returns its exit code (see exit_codes.hpp).
int run(int argc, char** argv);

}  // namespace lethe::cli
