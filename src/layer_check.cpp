// The entry point of the lethe_layer_* programs (CMakeLists.txt): each links one layer whole
// against only the layers below it, so that a call into a higher layer fails to link.
int main() {
  return 0;
}
