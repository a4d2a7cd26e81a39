#include "support/run_lethe.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <map>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace lethe::test {

namespace fs = std::filesystem;

RunResult run_lethe(const std::vector<std::string>& args, const fs::path& working_dir,
                    const std::vector<std::string>& env) {
  // Output goes to temporary files, not pipes, so that a large output cannot dead-lock.
  TempDir capture;
  fs::path out_path = capture.path() / "stdout";
  fs::path err_path = capture.path() / "stderr";
  std::vector<std::string> argv_storage{LETHE_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  // The tests' own settings: no colour, no terminal, text never wrapped (the tests that check
  // wrapping say so), then `env`: NAME=VALUE sets, a NAME alone removes.
  std::vector<std::string> settings{"NO_COLOR=1", "TERM", "COLUMNS=0"};
  settings.insert(settings.end(), env.begin(), env.end());
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    bool replaced = std::any_of(settings.begin(), settings.end(),
                                [&](const std::string& s) { return name_of(s) == name_of(entry); });
    if (!replaced) env_storage.push_back(entry);
  }
  std::map<std::string, std::string> chosen;  // the last setting of each name wins
  std::vector<std::string> order;
  for (const auto& setting : settings) {
    if (!chosen.count(name_of(setting))) order.push_back(name_of(setting));
    chosen[name_of(setting)] = setting;
  }
  for (const auto& name : order) {
    if (chosen[name].find('=') != std::string::npos) env_storage.push_back(chosen[name]);
  }
  std::vector<char*> envp;
  for (auto& entry : env_storage)
    envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  fs::path dir = working_dir.empty() ? fs::path(LETHE_SOURCE_DIR) : working_dir;
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  pid_t pid = 0;
  int rc = posix_spawn(&pid, LETHE_BINARY, &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " LETHE_BINARY);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

fs::path source_path(const std::string& relative) {
  return fs::path(LETHE_SOURCE_DIR) / relative;
}

fs::path fixture(const std::string& relative) {
  return fs::path(LETHE_FIXTURES_DIR) / relative;
}

std::vector<std::string> scan_args(const std::vector<std::string>& options,
                                   const ScanSetup& setup) {
  std::vector<std::string> args{"scan", setup.export_dir.string()};
  if (!setup.rules.empty()) args.insert(args.end(), {"--rules", setup.rules.string()});
  args.insert(args.end(), {"--as-of", setup.as_of});
  args.insert(args.end(), options.begin(), options.end());
  return args;
}

RunResult scan(const std::vector<std::string>& options, const ScanSetup& setup) {
  return run_lethe(scan_args(options, setup), setup.working_dir);
}

namespace {

// Whether the environment says this is a CI run (CI=true, as CI services set it).
bool in_ci() {
  const char* ci = std::getenv("CI");
  if (!ci) return false;
  std::string value = ci;
  return !value.empty() && value != "false" && value != "0";
}

}  // namespace

fs::path golden_dir() {
  const char* dir = std::getenv("LETHE_GOLDEN_DIR");
  return dir && *dir ? fs::path(dir) : source_path("tests/golden");
}

void check_golden(const std::string& name, const std::string& report) {
  fs::path path = golden_dir() / name;
  // A JSON report records where custom rules were (for `lethe verify`): the checkout's folder,
  // which differs between machines, is written as $LETHE_SOURCE_DIR.
  std::string actual = report;
  const std::string source_dir = LETHE_SOURCE_DIR;
  for (std::size_t at = actual.find(source_dir); at != std::string::npos;
       at = actual.find(source_dir, at)) {
    actual.replace(at, source_dir.size(), "$LETHE_SOURCE_DIR");
  }
  if (std::getenv("LETHE_UPDATE_GOLDEN")) {
    // CI checks the goldens: rewritten there, they would pass whatever the reports say.
    if (in_ci()) {
      FAIL(
          "LETHE_UPDATE_GOLDEN is set in CI: golden files would be rewritten instead of "
          "checked ("
          << path.string() << ")");
    }
    fs::create_directories(path.parent_path());
    write_file(path, actual);
    WARN("updated " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (LETHE_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(fs::exists(path));
  CHECK(actual == read_file(path));
}

}  // namespace lethe::test
