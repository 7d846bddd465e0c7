#include "cli/run.hpp"

int main(int argc, char** argv) { return probe::cli::run(argc, argv); }
