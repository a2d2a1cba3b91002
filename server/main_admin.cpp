// faltlogg-admin: accounts, reference data, devices, audit verification and demo data.
#include "admin/admin_cli.hpp"

#include <iostream>

int main(int argc, char** argv) {
  return faltlogg::server::run_admin({argv + 1, argv + argc}, std::cin, std::cout, std::cerr);
}
