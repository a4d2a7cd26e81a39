#include "report/formats.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace lethe;

TEST_CASE("report formats: the names come from the table, in its order", "[formats]") {
  CHECK(report::report_formats() == std::vector<std::string>{"text", "json", "sarif", "junit",
                                                             "github", "markdown", "csv", "html"});
  REQUIRE(report::report_format_table().size() == report::report_formats().size());
  for (const auto& format : report::report_format_table()) {
    CHECK(report::is_report_format(std::string(format.name)));
    // The formats whose findings can run to hundreds of MB are written as they are rendered.
    CHECK(format.streams() == (format.name == "json" || format.name == "html"));
  }
  CHECK_FALSE(report::is_report_format("pdf"));
  CHECK_FALSE(report::is_report_format(""));
}

TEST_CASE("report formats: an unknown name is an error, not the text report", "[formats]") {
  engine::ScanResult result;
  report::ScanContext context;
  const std::string message =
      "unknown report format \"pdf\" (expected one of text, json, sarif, junit, github, markdown, "
      "csv, html)";
  auto found = report::find_report_format("pdf");
  REQUIRE_FALSE(found);
  CHECK(found.error().message == message);
  auto rendered = report::render_report("pdf", result, context);
  REQUIRE_FALSE(rendered);
  CHECK(rendered.error().message == message);
  std::ostringstream sink;
  auto written = report::write_report("pdf", result, context, sink);
  REQUIRE_FALSE(written);
  CHECK(written.error().message == message);
  CHECK(sink.str().empty());
}

TEST_CASE("report formats: writing streams or renders what render_report renders", "[formats]") {
  engine::ScanResult result;
  report::ScanContext context;
  context.export_path = "export";
  for (const auto& name : report::report_formats()) {
    INFO(name);
    auto rendered = report::render_report(name, result, context);
    REQUIRE(rendered);
    std::ostringstream sink;
    REQUIRE(report::write_report(name, result, context, sink));
    CHECK(sink.str() == *rendered);
  }
}
