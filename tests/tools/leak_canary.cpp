// Leaks on purpose. The sanitizer build runs it to show that leak checking is on: a test suite
// that passes under LeakSanitizer means something only if a leak would have failed it.
#include <cstdlib>

int main() {
  void* volatile block = std::malloc(64);
  block = nullptr;
  return block == nullptr ? 0 : 1;
}
