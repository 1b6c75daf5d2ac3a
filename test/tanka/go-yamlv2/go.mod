module kf.dev/test/tanka/go-yamlv2

go 1.26

require gopkg.in/yaml.v2 v2.4.0
