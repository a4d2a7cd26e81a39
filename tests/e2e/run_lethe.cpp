#include "run_lethe.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace lethe::test {

namespace fs = std::filesystem;

RunResult run_lethe(const std::vector<std::string>& args, const fs::path& working_dir) {
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

  std::vector<std::string> env_storage;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    if (entry.rfind("NO_COLOR=", 0) != 0 && entry.rfind("TERM=", 0) != 0)
      env_storage.push_back(entry);
  }
  env_storage.push_back("NO_COLOR=1");
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
  waitpid(pid, &status, 0);
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

fs::path fixture(const std::string& relative) {
  return fs::path(LETHE_FIXTURES_DIR) / relative;
}

TempDir::TempDir() {
  std::random_device random;
  m_path = fs::temp_directory_path() /
           ("lethe-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  fs::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code error;
  fs::remove_all(m_path, error);
}

fs::path TempDir::write(const std::string& relative, const std::string& content) const {
  fs::path path = m_path / relative;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace lethe::test

#include <catch2/catch.hpp>

namespace lethe::test {

void check_golden(const std::string& name, const std::string& actual) {
  fs::path path = fs::path(LETHE_SOURCE_DIR) / "tests" / "golden" / name;
  if (std::getenv("LETHE_UPDATE_GOLDEN")) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    WARN("updated " << path.string());
    return;
  }
  INFO("golden file " << path.string() << " (LETHE_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(fs::exists(path));
  CHECK(actual == read_file(path));
}

}  // namespace lethe::test
