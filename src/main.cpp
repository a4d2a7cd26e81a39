// lethe: the command-line entry point. Every error surfaces as an exit code here.
#include <exception>
#include <iostream>

#include "cli/app.hpp"
#include "cli/exit_codes.hpp"

int main(int argc, char** argv) {
  try {
    return lethe::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "lethe: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "lethe: internal error\n";
  }
  return lethe::cli::k_exit_error;
}
