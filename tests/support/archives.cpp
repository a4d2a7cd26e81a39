#include "support/archives.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <stdexcept>

namespace lethe::test {

namespace {

void check(int status, ::archive* archive) {
  if (status < ARCHIVE_WARN) {
    throw std::runtime_error(archive_error_string(archive) ? archive_error_string(archive)
                                                           : "libarchive error");
  }
}

void add_filter(::archive* archive, Squeeze squeeze) {
  switch (squeeze) {
    case Squeeze::gzip:
      check(archive_write_add_filter_gzip(archive), archive);
      break;
    case Squeeze::bzip2:
      check(archive_write_add_filter_bzip2(archive), archive);
      break;
    case Squeeze::xz:
      check(archive_write_add_filter_xz(archive), archive);
      break;
    case Squeeze::zstd:
      check(archive_write_add_filter_zstd(archive), archive);
      break;
  }
}

// Writes into a growing buffer (archive_write_open_memory needs its size up front).
la_ssize_t write_to(::archive*, void* data, const void* buffer, size_t size) {
  static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), size);
  return static_cast<la_ssize_t>(size);
}

void set_kind(::archive_entry* entry, const Member& member) {
  switch (member.kind) {
    case Member::Kind::file:
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_size(entry, static_cast<la_int64_t>(member.data.size()));
      break;
    case Member::Kind::folder:
      archive_entry_set_filetype(entry, AE_IFDIR);
      break;
    case Member::Kind::symbolic_link:
      archive_entry_set_filetype(entry, AE_IFLNK);
      archive_entry_set_symlink(entry, member.link_target.c_str());
      break;
    case Member::Kind::hard_link:
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, member.link_target.c_str());
      break;
  }
}

}  // namespace

std::string archive(Packing packing, const std::vector<Member>& members) {
  std::string out;
  ::archive* writer = archive_write_new();
  if (packing == Packing::zip || packing == Packing::zip_encrypted) {
    check(archive_write_set_format_zip(writer), writer);
    if (packing == Packing::zip_encrypted) {
      check(archive_write_set_options(writer, "zip:encryption=zipcrypt"), writer);
      check(archive_write_set_passphrase(writer, "secret"), writer);
    }
  } else {
    check(archive_write_set_format_pax_restricted(writer), writer);
    if (packing == Packing::tar_gz) add_filter(writer, Squeeze::gzip);
    if (packing == Packing::tar_xz) add_filter(writer, Squeeze::xz);
    if (packing == Packing::tar_zst) add_filter(writer, Squeeze::zstd);
    if (packing == Packing::tar_bz2) add_filter(writer, Squeeze::bzip2);
  }
  archive_write_set_bytes_in_last_block(writer, 1);
  check(archive_write_open(writer, &out, nullptr, write_to, nullptr), writer);
  for (const auto& member : members) {
    ::archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, member.path.c_str());
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_mtime(entry, 1700000000, 0);
    set_kind(entry, member);
    check(archive_write_header(writer, entry), writer);
    if (member.kind == Member::Kind::file && !member.data.empty()) {
      archive_write_data(writer, member.data.data(), member.data.size());
    }
    archive_entry_free(entry);
  }
  check(archive_write_close(writer), writer);
  archive_write_free(writer);
  return out;
}

std::string compress(Squeeze squeeze, const std::string& data) {
  std::string out;
  ::archive* writer = archive_write_new();
  check(archive_write_set_format_raw(writer), writer);
  add_filter(writer, squeeze);
  archive_write_set_bytes_in_last_block(writer, 1);
  check(archive_write_open(writer, &out, nullptr, write_to, nullptr), writer);
  ::archive_entry* entry = archive_entry_new();
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_pathname(entry, "data");
  check(archive_write_header(writer, entry), writer);
  if (!data.empty()) archive_write_data(writer, data.data(), data.size());
  archive_entry_free(entry);
  check(archive_write_close(writer), writer);
  archive_write_free(writer);
  return out;
}

}  // namespace lethe::test
