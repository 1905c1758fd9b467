#!/bin/sh
# Copy the front-end packages installed by `npm ci` into zeren/static/vendor
# (git-ignored; collectstatic takes them from there). No CDN at run time.
set -eu
cd "$(dirname "$0")/.."
V=zeren/static/vendor
rm -rf "$V"
mkdir -p "$V/bootstrap" "$V/bootstrap-icons" "$V/htmx" "$V/echarts"
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$V/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$V/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$V/bootstrap-icons/"
cp -r node_modules/bootstrap-icons/font/fonts "$V/bootstrap-icons/"
cp node_modules/htmx.org/dist/htmx.min.js "$V/htmx/"
cp node_modules/echarts/dist/echarts.min.js "$V/echarts/"
echo "vendor assets copied to $V"
