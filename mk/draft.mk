# Drafting observations from a new article (dashboard/draft/; data/README.md, "Drafting from a
# new article"). The draft goes to drafts/<SOURCE>/, never into data/.
#   make draft FILE=article_2025.txt [SOURCE=yongjia_2025] [PUBLISHED=2025-01-15] [OUT=dir] [FORCE=1]
#   make merge-draft DRAFT=drafts/yongjia_2025 [DATA=other/data/folder]
#   make draft-measure     recall and noise on the shipped article
SOURCE ?= $(basename $(notdir $(FILE)))

.PHONY: draft merge-draft draft-measure

draft: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make draft FILE=article.txt [SOURCE=source_id] [PUBLISHED=YYYY-MM-DD] [OUT=dir]"; exit 2; }
	$(BIN)/python -m dashboard.draft "$(FILE)" --source-id "$(SOURCE)" $(if $(PUBLISHED),--published "$(PUBLISHED)") $(if $(OUT),--out "$(OUT)") $(if $(FORCE),--force)

merge-draft: $(STAMP)
	@test -n "$(DRAFT)" || { echo "usage: make merge-draft DRAFT=drafts/<source_id> [DATA=dir]"; exit 2; }
	$(BIN)/python -m dashboard.draft merge "$(DRAFT)" $(if $(DATA),--data "$(DATA)")

draft-measure: $(STAMP)
	$(BIN)/python -m dashboard.draft measure
